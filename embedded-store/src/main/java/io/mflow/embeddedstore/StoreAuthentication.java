package io.mflow.embeddedstore;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerError;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * SCRAM-SHA-256 as MongoDB speaks it ({@code saslStart}, {@code saslContinue}), so the MongoDB drivers authenticate
 * unchanged with {@code mongodb://user:password@host:port/?authSource=admin}. A connection that has not
 * authenticated may only greet ({@code hello}, {@code isMaster}, {@code ping}) and authenticate; any other command
 * is refused with MongoDB's Unauthorized error (13), and a failed proof with AuthenticationFailed (18), which says
 * nothing of whether the user exists.
 */
final class StoreAuthentication {

    static final String MECHANISM = "SCRAM-SHA-256";
    private static final String AUTH_DATABASE = "admin";
    private static final Set<String> BEFORE_AUTHENTICATION = Set.of("hello", "ismaster", "ping", "saslstart",
            "saslcontinue");
    private static final AttributeKey<Conversation> CONVERSATION = AttributeKey.valueOf("mflow.store.scram");
    private static final AttributeKey<Boolean> AUTHENTICATED = AttributeKey.valueOf("mflow.store.authenticated");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreUser user;
    /** What an unknown user is answered with, so that a wrong name and a wrong password look the same. */
    private final byte[] decoySalt = new byte[28];

    StoreAuthentication(StoreUser user) {
        this.user = user;
        RANDOM.nextBytes(decoySalt);
    }

    /**
     * The reply to an authentication command; null when the command is for the store to answer, which it may
     * (a greeting, or a command of a connection that has authenticated).
     */
    Document intercept(Channel channel, String database, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("saslstart")) {
            return start(channel, database, query);
        }
        if (name.equals("saslcontinue")) {
            return proceed(channel, query);
        }
        if (BEFORE_AUTHENTICATION.contains(name) || isAuthenticated(channel)) {
            return null;
        }
        throw unauthorized(command);
    }

    /** A greeting that asks which mechanisms a user may use is told: SCRAM-SHA-256. */
    void advertise(String command, Document query, Document reply) {
        String name = command.toLowerCase(Locale.ROOT);
        if ((name.equals("hello") || name.equals("ismaster")) && query.containsKey("saslSupportedMechs")) {
            reply.put("saslSupportedMechs", List.of(MECHANISM));
        }
    }

    boolean isAuthenticated(Channel channel) {
        return Boolean.TRUE.equals(channel.attr(AUTHENTICATED).get());
    }

    static MongoServerError unauthorized(String command) {
        return new MongoServerError(13, "Unauthorized", "command " + command + " requires authentication");
    }

    private Document start(Channel channel, String database, Document query) {
        channel.attr(CONVERSATION).set(null);
        if (!AUTH_DATABASE.equals(database) || !MECHANISM.equals(query.get("mechanism"))) {
            throw failed();
        }
        String clientFirst = utf8(query.get("payload"));
        // gs2 header: no channel binding ("n") or none supported by the server ("y"), and no other identity
        if (!(clientFirst.startsWith("n,,") || clientFirst.startsWith("y,,"))) {
            throw failed();
        }
        String gs2Header = clientFirst.substring(0, 3);
        String clientFirstBare = clientFirst.substring(3);
        String userName = attribute(clientFirstBare, 'n');
        String clientNonce = attribute(clientFirstBare, 'r');
        if (userName == null || clientNonce == null || clientNonce.isEmpty()) {
            throw failed();
        }
        boolean known = user.name().equals(userName.replace("=2C", ",").replace("=3D", "="));
        byte[] nonce = new byte[24];
        RANDOM.nextBytes(nonce);
        String combinedNonce = clientNonce + Base64.getEncoder().encodeToString(nonce);
        String serverFirst = "r=" + combinedNonce + ",s=" + Base64.getEncoder().encodeToString(
                known ? user.salt() : decoySalt) + ",i=" + StoreUser.ITERATIONS;
        boolean skipEmptyExchange = query.get("options") instanceof Document options
                && Boolean.TRUE.equals(options.get("skipEmptyExchange"));
        channel.attr(CONVERSATION).set(new Conversation(known, gs2Header, clientFirstBare, serverFirst, combinedNonce,
                skipEmptyExchange));
        return reply(false, serverFirst);
    }

    private Document proceed(Channel channel, Document query) {
        Conversation conversation = channel.attr(CONVERSATION).getAndSet(null);
        if (conversation == null || !(query.get("conversationId") instanceof Number id) || id.intValue() != 1) {
            throw failed();
        }
        if (conversation.proven()) {
            return reply(true, ""); // the empty last step of a client that does not skip it
        }
        String clientFinal = utf8(query.get("payload"));
        int proofAt = clientFinal.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw failed();
        }
        String withoutProof = clientFinal.substring(0, proofAt);
        String binding = attribute(withoutProof, 'c');
        String nonce = attribute(withoutProof, 'r');
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(clientFinal.substring(proofAt + 3));
        } catch (IllegalArgumentException notBase64) {
            throw failed();
        }
        String expectedBinding = Base64.getEncoder().encodeToString(
                conversation.gs2Header().getBytes(StandardCharsets.UTF_8));
        String authMessage = conversation.clientFirstBare() + "," + conversation.serverFirst() + "," + withoutProof;
        byte[] storedKey = user.storedKey();
        byte[] clientSignature = StoreUser.Scram.hmac(storedKey, authMessage);
        if (proof.length != clientSignature.length) {
            throw failed();
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        boolean proven = MessageDigest.isEqual(StoreUser.Scram.sha256(clientKey), storedKey);
        if (!conversation.known() || !expectedBinding.equals(binding) || !conversation.nonce().equals(nonce)
                || !proven) {
            throw failed();
        }
        channel.attr(AUTHENTICATED).set(true);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(
                StoreUser.Scram.hmac(user.serverKey(), authMessage));
        if (!conversation.skipEmptyExchange()) {
            channel.attr(CONVERSATION).set(conversation.asProven());
        }
        return reply(conversation.skipEmptyExchange(), serverFinal);
    }

    private static Document reply(boolean done, String payload) {
        Document reply = new Document("conversationId", 1);
        reply.put("done", done);
        reply.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        reply.put("ok", 1.0);
        return reply;
    }

    /** The value of {@code <name>=} among a SCRAM message's comma-separated attributes. */
    private static String attribute(String message, char name) {
        for (String part : message.split(",")) {
            if (part.length() >= 2 && part.charAt(0) == name && part.charAt(1) == '=') {
                return part.substring(2);
            }
        }
        return null;
    }

    private static String utf8(Object payload) {
        if (payload instanceof BinData bytes) {
            return new String(bytes.getData(), StandardCharsets.UTF_8);
        }
        if (payload instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (payload instanceof String text) {
            return text;
        }
        throw failed();
    }

    private static MongoServerError failed() {
        return new MongoServerError(18, "AuthenticationFailed", "Authentication failed.");
    }

    /** One connection's conversation between its first and its last message. */
    private record Conversation(boolean known, String gs2Header, String clientFirstBare, String serverFirst,
                                String nonce, boolean skipEmptyExchange, boolean proven) {

        Conversation(boolean known, String gs2Header, String clientFirstBare, String serverFirst, String nonce,
                     boolean skipEmptyExchange) {
            this(known, gs2Header, clientFirstBare, serverFirst, nonce, skipEmptyExchange, false);
        }

        Conversation asProven() {
            return new Conversation(known, gs2Header, clientFirstBare, serverFirst, nonce, skipEmptyExchange, true);
        }
    }
}
