package io.mflow.task.adapter.mongo;

import io.mflow.task.domain.Role;
import io.mflow.task.domain.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.data.annotation.Id;

/** A user as stored: the name is the id, so two creates of one name cannot both win. */
record UserDocument(@Id String name, String email, List<String> roles, boolean disabled, Instant createdAt,
                    Map<String, String> namespaceRoles, Map<String, String> chatIds) {

    static UserDocument of(User user) {
        return new UserDocument(user.name(), user.email(), user.roles().stream().map(Role::name).sorted().toList(),
                user.disabled(), user.createdAt(), user.namespaceRoles().isEmpty() ? null
                        : user.namespaceRoles().entrySet().stream()
                                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().name())),
                user.chatIds().isEmpty() ? null : user.chatIds());
    }

    User toDomain() {
        return new User(name, email, roles.stream().map(Role::valueOf).collect(Collectors.toSet()), disabled,
                createdAt, namespaceRoles == null ? Map.of() : namespaceRoles.entrySet().stream()
                        .collect(Collectors.toMap(Map.Entry::getKey, e -> Role.valueOf(e.getValue()))), chatIds);
    }
}
