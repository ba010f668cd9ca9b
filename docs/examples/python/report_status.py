#!/usr/bin/python3
"""Report a job task's status to mflow over Kafka, and read why a report was refused.

Needs only Debian's python3-avro (1.11) and python3-confluent-kafka:

    apt-get install python3-avro python3-confluent-kafka
    /usr/bin/python3 report_status.py report --stage SUCCEEDED --message "rolled out" \
        --detail "3/3 replicas ready" --extension cluster=eu-1
    /usr/bin/python3 report_status.py dead-letters --report-id <the id printed above> --wait 30

Where to report and with what comes from the job's environment (MFLOW_KAFKA_BOOTSTRAP_SERVERS, MFLOW_STATUS_TOPIC,
MFLOW_JOB_TASK_ID, MFLOW_PIPELINE_TASK_ID, MFLOW_UPDATE_TOKEN), or from the options of the same names. The
broker's credentials come from a Kafka client properties file (--kafka-config, or MFLOW_KAFKA_CONFIG): the
embedded engine writes data/kafka-reporter.properties (may only write reports) and data/kafka-reader.properties
(may only read: dead-letters needs it).
The writer schemas are mflow's published .avsc files (schemas/src/main/resources/schemas in the repository, or
/schemas/ inside the io.mflow:schemas jar): --schemas DIR, or MFLOW_SCHEMAS_DIR.
"""

import argparse
import base64
import glob
import hashlib
import hmac
import io
import json
import os
import re
import struct
import sys
import time
import uuid
from datetime import datetime, timezone

import avro.io
import avro.schema
import confluent_kafka
from confluent_kafka import Consumer, Producer, TopicPartition

REPORT_TYPE = "JobTaskStatusReported"
DEFAULT_TOPIC = "mflow.job-task-status-reports"
DEFAULT_SCHEMAS = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                               "..", "..", "..", "schemas", "src", "main", "resources", "schemas")

# ---- the Avro specification's Parsing Canonical Form and CRC-64-AVRO fingerprint -------------------------------
# Not avro.schema.Schema.canonical_form: python3-avro 1.11 keeps {"type": "string", ...} as an object where the
# specification's [PRIMITIVES] rule makes it "string", so its fingerprints differ from every other implementation.

PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def canonical_form(schema_json):
    return _canonical(schema_json, None, set())


def _full_name(name, namespace):
    return name if "." in name or not namespace else namespace + "." + name


def _canonical(s, namespace, seen):
    if isinstance(s, str):  # a primitive, or a reference to a named type
        return json.dumps(s if s in PRIMITIVES else _full_name(s, namespace))
    if isinstance(s, list):  # a union
        return "[" + ",".join(_canonical(b, namespace, seen) for b in s) + "]"
    kind = s["type"]
    if kind in PRIMITIVES:  # [PRIMITIVES]: {"type": "string", "logicalType": ...} is "string"
        return json.dumps(kind)
    if kind in ("record", "error", "enum", "fixed"):  # [FULLNAMES], and a named type written once
        name = _full_name(s["name"], s.get("namespace", namespace))
        if name in seen:
            return json.dumps(name)
        seen.add(name)
        inner = name.rsplit(".", 1)[0] if "." in name else None
        parts = ['"name":' + json.dumps(name), '"type":' + json.dumps(kind)]  # [ORDER] name, type, fields, ...
        if kind in ("record", "error"):
            fields = ['{"name":' + json.dumps(f["name"]) + ',"type":' + _canonical(f["type"], inner, seen) + "}"
                      for f in s["fields"]]
            parts.append('"fields":[' + ",".join(fields) + "]")
        elif kind == "enum":
            parts.append('"symbols":[' + ",".join(json.dumps(x) for x in s["symbols"]) + "]")
        else:
            parts.append('"size":' + str(int(s["size"])))
        return "{" + ",".join(parts) + "}"  # [STRIP]: doc, default, aliases, logicalType ... are left out
    if kind == "array":
        return '{"type":"array","items":' + _canonical(s["items"], namespace, seen) + "}"
    if kind == "map":
        return '{"type":"map","values":' + _canonical(s["values"], namespace, seen) + "}"
    return _canonical(kind, namespace, seen)  # {"type": "some.Named"}


EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (EMPTY if _fp & 1 else 0)
    _TABLE.append(_fp)


def fingerprint64(canonical):
    """CRC-64-AVRO (Rabin) of the canonical form's UTF-8 bytes, as an unsigned 64-bit number."""
    fp = EMPTY
    for byte in canonical.encode("utf-8"):
        fp = (fp >> 8) ^ _TABLE[(fp ^ byte) & 0xFF]
    return fp


# ---- the published schemas ---------------------------------------------------------------------------------------

class Schemas:
    """Every published writer schema, by fingerprint, and the current (highest) version of each type."""

    def __init__(self, directory):
        self.by_fingerprint = {}
        self.current = {}
        for path in glob.glob(os.path.join(directory, "*-v*.avsc")):
            match = re.match(r"(.+)-v(\d+)\.avsc$", os.path.basename(path))
            with open(path, encoding="utf-8") as f:
                text = f.read()
            fingerprint = fingerprint64(canonical_form(json.loads(text)))
            schema = avro.schema.parse(text)
            self.by_fingerprint[fingerprint] = (match.group(1), int(match.group(2)), schema)
            name, version = match.group(1), int(match.group(2))
            if version > self.current.get(name, (0, None, None))[0]:
                self.current[name] = (version, fingerprint, schema)
        if REPORT_TYPE not in self.current:
            sys.exit("no %s-vN.avsc in %s (give --schemas)" % (REPORT_TYPE, directory))

    def encode(self, type_name, datum):
        """Avro single-object encoding: C3 01, the fingerprint as 8 little-endian bytes, the Avro binary body."""
        version, fingerprint, schema = self.current[type_name]
        body = io.BytesIO()
        avro.io.DatumWriter(schema).write(datum, avro.io.BinaryEncoder(body))
        return b"\xC3\x01" + struct.pack("<Q", fingerprint) + body.getvalue()

    def decode(self, data):
        """(type, version, record), or None when the value is not single-object encoded with a published schema."""
        if data is None or len(data) < 10 or data[:2] != b"\xC3\x01":
            return None
        found = self.by_fingerprint.get(struct.unpack("<Q", data[2:10])[0])
        if found is None:
            return None
        name, version, schema = found
        record = avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(data[10:])))
        return name, version, record


# ---- reporting ---------------------------------------------------------------------------------------------------

def prove(token, report_id, job_task_id, stage):
    """proof:v1: + base64(HMAC-SHA256(key = SHA-256(token), message = "reportId|jobTaskId|stage"))."""
    key = hashlib.sha256(token.encode("utf-8")).digest()
    message = ("%s|%s|%s" % (report_id, job_task_id, stage)).encode("utf-8")
    return "proof:v1:" + base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode("ascii")


def report(args, schemas):
    version, _, schema = schemas.current[REPORT_TYPE]
    report_id = args.report_id or "ext-" + uuid.uuid4().hex
    values = {
        "reportId": report_id,
        "jobTaskId": args.job_task_id,
        # MFLOW_PIPELINE_TASK_ID is the job task id for a job run on its own, which has no pipeline task
        "pipelineTaskId": None if args.pipeline_task_id in (None, "", args.job_task_id) else args.pipeline_task_id,
        "updateToken": args.token if args.plain_token else prove(args.token, report_id, args.job_task_id, args.stage),
        "stage": args.stage,
        "message": args.message,
        "outputs": dict(kv.split("=", 1) for kv in args.output),
        "reportedAt": datetime.now(timezone.utc),
        "detail": args.detail,
        "extension": dict(kv.split("=", 1) for kv in args.extension),
    }
    # fill exactly the fields of the current version; those it lacks are left out, the rest take their defaults
    datum = {}
    for field in schema.fields:
        if field.name in values:
            datum[field.name] = values[field.name]
        elif field.has_default:
            datum[field.name] = field.default
    dropped = [name for name in ("detail", "extension") if values[name] and name not in datum]
    if dropped:
        print("warning: %s-v%d has no %s" % (REPORT_TYPE, version, ", ".join(dropped)), file=sys.stderr)

    delivered = []
    producer = Producer(dict(kafka_client(args), **{"enable.idempotence": True, "acks": "all"}))
    # one key per run: every report of a run goes to the same partition, so the engine applies them in order
    producer.produce(args.topic, key=(args.pipeline_task_id or args.job_task_id).encode("utf-8"),
                     value=schemas.encode(REPORT_TYPE, datum),
                     headers=headers(schema.fullname, version, datum),
                     on_delivery=lambda err, msg: delivered.append((err, msg)))
    producer.flush(30)
    if not delivered or delivered[0][0] is not None:
        sys.exit("report %s was not delivered: %s" % (report_id, delivered[0][0] if delivered else "timed out"))
    msg = delivered[0][1]
    print("sent %s %s (v%d) for %s to %s-%d@%d" % (args.stage, report_id, version, args.job_task_id, msg.topic(),
                                                  msg.partition(), msg.offset()))
    print(report_id)


def headers(full_name, version, datum):
    """mflow-type, and the CloudEvents attributes in Kafka binary mode, as mflow's own producers write them."""
    values = {
        "mflow-type": full_name,
        "ce_specversion": "1.0",
        "ce_id": datum["reportId"],
        "ce_source": "/controllers/report_status.py",
        "ce_type": "%s.v%d" % (full_name, version),
        "ce_subject": datum["jobTaskId"],
        "ce_time": datum["reportedAt"].isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "content-type": "application/avro",
    }
    return [(name, value.encode("utf-8")) for name, value in values.items()]


# ---- why a report was refused ------------------------------------------------------------------------------------

def dead_letters(args, schemas):
    """Prints the refused reports on <topic>.DLT with the reason the engine gave, as spring-kafka's headers say."""
    topic = args.topic + ".DLT"
    # mflow's reader principal may only use consumer groups whose names start with "reader-"
    consumer = Consumer(dict(kafka_client(args), **{"group.id": "reader-report-status-" + uuid.uuid4().hex,
                                                    "enable.auto.commit": False}))
    partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
    consumer.assign([TopicPartition(topic, p, 0) for p in partitions])  # from the beginning of each partition
    deadline = time.time() + args.wait
    found = False
    try:
        while time.time() < deadline and not found:
            msg = consumer.poll(1.0)
            if msg is None or msg.error():
                continue
            reasons = {k: (v or b"").decode("utf-8", "replace") for k, v in (msg.headers() or [])}
            decoded = schemas.decode(msg.value())
            report_id = decoded[2].get("reportId") if decoded else None
            if args.report_id and report_id != args.report_id:
                continue
            print(json.dumps({
                "key": msg.key().decode("utf-8") if msg.key() else None,
                "type": "%s v%d" % decoded[:2] if decoded else "not a record of a published schema",
                "reportId": report_id,
                "jobTaskId": decoded[2].get("jobTaskId") if decoded else None,
                "reason": reasons.get("kafka_dlt-exception-message"),
                "exception": reasons.get("kafka_dlt-exception-cause-fqcn") or reasons.get("kafka_dlt-exception-fqcn"),
                "refusedBy": reasons.get("kafka_dlt-original-consumer-group"),
                "original": "%s-%s@%s" % (reasons.get("kafka_dlt-original-topic"),
                                          _number(msg.headers(), "kafka_dlt-original-partition"),
                                          _number(msg.headers(), "kafka_dlt-original-offset")),
            }))
            found = bool(args.report_id)
    finally:
        consumer.close()
    if args.report_id and not found:
        print("report %s is not on %s (it was applied, or is not processed yet)" % (args.report_id, topic))
        sys.exit(3)


# ---- the broker's credentials ------------------------------------------------------------------------------------

def kafka_client(args):
    """librdkafka's settings from a Kafka (Java) client properties file such as the embedded engine's
    data/kafka-reporter.properties: bootstrap.servers, security.protocol, sasl.mechanism, and the user name and
    password of its sasl.jaas.config. --bootstrap, else the file's bootstrap.servers, else
    MFLOW_KAFKA_BOOTSTRAP_SERVERS says where the brokers are. Without a file, a job uses the login it is handed:
    MFLOW_KAFKA_SECURITY_PROTOCOL, MFLOW_KAFKA_SASL_MECHANISM, MFLOW_KAFKA_SASL_USERNAME, MFLOW_KAFKA_SASL_PASSWORD."""
    config = {}
    if not args.kafka_config and os.environ.get("MFLOW_KAFKA_SASL_USERNAME"):
        config["security.protocol"] = os.environ.get("MFLOW_KAFKA_SECURITY_PROTOCOL") or "SASL_PLAINTEXT"
        config["sasl.mechanism"] = os.environ.get("MFLOW_KAFKA_SASL_MECHANISM") or "SCRAM-SHA-256"
        config["sasl.username"] = os.environ["MFLOW_KAFKA_SASL_USERNAME"]
        config["sasl.password"] = os.environ.get("MFLOW_KAFKA_SASL_PASSWORD", "")
    if args.kafka_config:
        properties = {}
        with open(args.kafka_config, encoding="utf-8") as file:
            for line in file:
                line = line.strip()
                if line and not line.startswith(("#", "!")) and "=" in line:
                    name, value = line.split("=", 1)
                    properties[name.strip()] = value.strip()
        for name in ("bootstrap.servers", "security.protocol", "sasl.mechanism"):
            if name in properties:
                config[name] = properties[name]
        jaas = properties.get("sasl.jaas.config", "")
        for name in ("username", "password"):
            found = re.search(r'\b%s="([^"]*)"' % name, jaas)
            if found:
                config["sasl." + name] = found.group(1)
    if config.get("sasl.mechanism", "").startswith("SCRAM") and confluent_kafka.libversion()[1] < 0x020601ff:
        # librdkafka before 2.6.1 builds a SCRAM proof that Kafka 4 refuses (confluentinc/librdkafka#4895);
        # mflow's embedded broker also takes its outside principals over PLAIN, which sends the password itself
        print("warning: librdkafka %s cannot authenticate with SCRAM to Kafka 4; using SASL/PLAIN"
              % confluent_kafka.libversion()[0], file=sys.stderr)
        config["sasl.mechanism"] = "PLAIN"
    if args.bootstrap:
        config["bootstrap.servers"] = args.bootstrap
    config.setdefault("bootstrap.servers", os.environ.get("MFLOW_KAFKA_BOOTSTRAP_SERVERS") or "127.0.0.1:9092")
    return config


def _number(headers, name):
    """spring-kafka writes the original partition (4 bytes) and offset (8 bytes) as big-endian numbers."""
    value = dict(headers or []).get(name)
    if value is None:
        return None
    return int.from_bytes(value, "big", signed=True)


def main():
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["report", "dead-letters"])
    parser.add_argument("--bootstrap", help="Kafka's brokers (default: the --kafka-config file's, else "
                        "$MFLOW_KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092)")
    parser.add_argument("--kafka-config", default=env("MFLOW_KAFKA_CONFIG"), metavar="FILE",
                        help="Kafka client properties with the broker's credentials, such as the embedded engine's "
                        "data/kafka-reporter.properties (report) or data/kafka-reader.properties (dead-letters)")
    parser.add_argument("--topic", default=env("MFLOW_STATUS_TOPIC", DEFAULT_TOPIC))
    parser.add_argument("--job-task-id", default=env("MFLOW_JOB_TASK_ID"))
    parser.add_argument("--pipeline-task-id", default=env("MFLOW_PIPELINE_TASK_ID"))
    parser.add_argument("--token", default=env("MFLOW_UPDATE_TOKEN"))
    parser.add_argument("--plain-token", action="store_true", help="send the token itself instead of a proof")
    parser.add_argument("--schemas", default=env("MFLOW_SCHEMAS_DIR", DEFAULT_SCHEMAS))
    parser.add_argument("--stage", default="SUCCEEDED")
    parser.add_argument("--message")
    parser.add_argument("--detail")
    parser.add_argument("--extension", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--output", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--report-id", help="report: the id to send (default: a fresh one); dead-letters: the one to wait for")
    parser.add_argument("--wait", type=float, default=10, help="dead-letters: seconds to read for")
    args = parser.parse_args()
    schemas = Schemas(args.schemas)
    if args.command == "report":
        if not args.job_task_id or not args.token:
            parser.error("report needs a job task id and its update token (MFLOW_JOB_TASK_ID, MFLOW_UPDATE_TOKEN)")
        report(args, schemas)
    else:
        dead_letters(args, schemas)


if __name__ == "__main__":
    main()
