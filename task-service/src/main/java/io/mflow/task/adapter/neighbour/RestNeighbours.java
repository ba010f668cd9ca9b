package io.mflow.task.adapter.neighbour;

import io.mflow.task.app.NeighbourAway;
import io.mflow.task.app.Neighbours;
import io.mflow.task.app.RequestRefused;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * runner-service and notify-service over their REST APIs, as the caller: the caller's token goes in the
 * Authorization header and nothing else of theirs does. Their refusals (401, 403, 404, 400, 409) come back as the
 * same refusal with their detail; a service that does not answer within the timeouts, or fails (5xx), is away.
 */
public final class RestNeighbours implements Neighbours {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Neighbour runner;
    private final Neighbour notify;

    /** @param timeout how long a call may take to connect, and again to answer, before its service counts as away */
    public RestNeighbours(URI runnerService, URI notifyService, Duration timeout) {
        JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).build());
        requests.setReadTimeout(timeout);
        this.runner = new Neighbour("runner-service", runnerService, RestClient.builder().requestFactory(requests)
                .baseUrl(runnerService.toString()).build());
        this.notify = new Neighbour("notify-service", notifyService, RestClient.builder().requestFactory(requests)
                .baseUrl(notifyService.toString()).build());
    }

    @Override
    public List<Agent> agents(String token) {
        return runner.call(token, http -> http.get().uri("/api/v1/agents").headers(as(token)).retrieve()
                .body(new ParameterizedTypeReference<List<Agent>>() { }));
    }

    @Override
    public List<NoticeEndpoint> noticeEndpoints(String token) {
        return notify.call(token, http -> http.get().uri("/api/v1/notify/endpoints").headers(as(token)).retrieve()
                .body(new ParameterizedTypeReference<List<NoticeEndpoint>>() { }));
    }

    @Override
    public NoticeEndpoint enableNoticeEndpoint(String id, String token) {
        // the id is one path segment, encoded as such, so it cannot reach another path of notify-service
        URI path = UriComponentsBuilder.fromPath("/api/v1/notify/endpoints/{id}/enable").buildAndExpand(id).encode()
                .toUri();
        return notify.call(token, http -> http.post().uri(path.toString()).headers(as(token)).retrieve()
                .body(NoticeEndpoint.class));
    }

    private static java.util.function.Consumer<HttpHeaders> as(String token) {
        return headers -> {
            headers.setBearerAuth(token);
            headers.setAccept(List.of(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON));
        };
    }

    private record Neighbour(String name, URI address, RestClient http) {

        <T> T call(String token, Function<RestClient, T> request) {
            if (token == null || token.isBlank()) {
                throw RequestRefused.unauthenticated("no token to ask " + name + " with: sign in again");
            }
            try {
                return request.apply(http);
            } catch (RestClientResponseException answered) {
                throw refusalOf(answered);
            } catch (RestClientException notAnswered) {
                // the exception's message may hold the address with a query; the address is ours, the rest is not
                throw new NeighbourAway(name + " at " + address + " did not answer; try again in a moment");
            }
        }

        private RuntimeException refusalOf(RestClientResponseException answered) {
            HttpStatusCode status = answered.getStatusCode();
            String detail = name + " refused: " + detailOf(answered);
            return switch (status.value()) {
                case 400 -> RequestRefused.invalid(detail);
                case 401 -> RequestRefused.unauthenticated(detail);
                case 403 -> new RequestRefused(RequestRefused.Reason.FORBIDDEN, detail);
                case 404 -> RequestRefused.notFound(detail);
                case 409 -> new RequestRefused(RequestRefused.Reason.CONFLICT, detail);
                default -> new NeighbourAway(name + " at " + address + " answered " + status.value()
                        + "; try again in a moment");
            };
        }

        /** The problem's detail, which our services write for the caller to read; its status when it has none. */
        private static String detailOf(RestClientResponseException answered) {
            try {
                JsonNode problem = JSON.readTree(answered.getResponseBodyAsString());
                String detail = problem.path("detail").asString("");
                if (!detail.isBlank()) {
                    return detail;
                }
            } catch (RuntimeException notAProblem) {
                // not JSON: the status says enough
            }
            return answered.getStatusCode().value() + " " + answered.getStatusText();
        }
    }
}
