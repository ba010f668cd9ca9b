package io.mflow.task.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** After sign-in a person goes back to the page they asked for, and never anywhere else. */
class SignInControllerTest {

    @Test
    void thePageAskedForIsKeptWithItsQueryButWithoutSpringsMark() {
        assertThat(SignInController.localPathOf("http://127.0.0.1:8080/runs/pt-1?continue")).isEqualTo("/runs/pt-1");
        assertThat(SignInController.localPathOf("http://127.0.0.1:8080/?page=2&continue")).isEqualTo("/?page=2");
        assertThat(SignInController.localPathOf((String) null)).isEqualTo("/");
    }

    @Test
    void anAddressOfAnotherSiteOrTheSignInPageItselfGoesToThePipelines() {
        assertThat(SignInController.localPathOf("http://127.0.0.1:8080//evil.example.com/x")).isEqualTo("/");
        assertThat(SignInController.localPathOf("http://127.0.0.1:8080/login?error")).isEqualTo("/");
        assertThat(SignInController.localPathOf("not a uri at all")).isEqualTo("/");
        assertThat(SignInController.localPathOf("mailto:someone@example.com")).isEqualTo("/");
    }
}
