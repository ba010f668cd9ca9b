package io.mflow.task.app;

import io.mflow.task.domain.User;
import java.util.List;
import java.util.Optional;

public interface Users {

    /** False when a user of that name exists already. */
    boolean add(User user);

    void replace(User user);

    Optional<User> byName(String name);

    List<User> all();

    boolean any();

    /** The user known in {@code chat} ({@code feishu}, {@code slack}) by {@code chatId}, as an admin set it. */
    default Optional<User> byChatId(String chat, String chatId) {
        if (chatId == null || chatId.isBlank()) {
            return Optional.empty();
        }
        return all().stream().filter(user -> !user.disabled() && chatId.equals(user.chatIds().get(chat)))
                .findFirst();
    }
}
