package io.mflow.notify.adapter.webhook;

import io.mflow.notify.domain.DeliveryResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A chat platform's verdict, read from its JSON reply: a code field that must be 0, and its message. */
final class RobotReply {

    private RobotReply() {
    }

    static DeliveryResult judge(JsonMapper json, HttpCall.Reply reply, String codeField, String messageField,
                                String legacyCodeField) {
        String code = null;
        String message = null;
        try {
            JsonNode body = json.readTree(reply.body());
            JsonNode codeNode = body.has(codeField) ? body.get(codeField)
                    : legacyCodeField != null && body.has(legacyCodeField) ? body.get(legacyCodeField) : null;
            code = codeNode == null ? null : codeNode.asString();
            message = body.has(messageField) ? body.get(messageField).asString() : null;
        } catch (RuntimeException e) {
            // not JSON: judged by its status alone below, with no code
        }
        boolean success = "0".equals(code);
        if (code == null && reply.status() >= 200 && reply.status() < 300) {
            return DeliveryResult.platformAnswered(reply.status(), reply.body(), null,
                    "the reply carries no " + codeField, false, reply.millis());
        }
        return DeliveryResult.platformAnswered(reply.status(), reply.body(), code, message, success, reply.millis());
    }
}
