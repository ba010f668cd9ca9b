package io.mflow.task.adapter.web;

import io.mflow.task.app.Neighbours;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * What the engine's other services know, asked with the signed-in person's own token: runner-service's agents, and
 * notify-service's endpoints (admins), where a disabled one is enabled again.
 */
@Controller
class AgentPages {

    private final Neighbours neighbours;

    AgentPages(Neighbours neighbours) {
        this.neighbours = neighbours;
    }

    /** The living first, then by name, so a dead agent does not hide among the working ones. */
    @GetMapping("/agents")
    String agents(HttpServletRequest request, Model model) {
        model.addAttribute("agents", neighbours.agents(SessionTokens.tokenOf(request)).stream()
                .sorted(Comparator.comparing((Neighbours.Agent agent) -> !agent.alive())
                        .thenComparing(Neighbours.Agent::name)).toList());
        return "agents";
    }

    /** The disabled first: they are what an admin comes here for. */
    @GetMapping("/admin/notify-endpoints")
    String endpoints(HttpServletRequest request, Model model) {
        model.addAttribute("endpoints", neighbours.noticeEndpoints(SessionTokens.tokenOf(request)).stream()
                .sorted(Comparator.comparing((Neighbours.NoticeEndpoint endpoint) -> !endpoint.disabled())
                        .thenComparing(Neighbours.NoticeEndpoint::target)).toList());
        return "notify-endpoints";
    }

    @PostMapping("/admin/notify-endpoints/{id}/enable")
    String enable(@PathVariable String id, HttpServletRequest request) {
        neighbours.enableNoticeEndpoint(id, SessionTokens.tokenOf(request));
        return "redirect:/admin/notify-endpoints?enabled";
    }
}
