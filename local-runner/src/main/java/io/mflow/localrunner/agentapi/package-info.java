/**
 * runner-service's agent API as both ends speak it: the JSON bodies of {@code POST /api/v1/agents/{name}/...}, as
 * records that Jackson writes and reads by their component names. runner-service answers with them and
 * mflow-agent sends them, so a field cannot change on one side only; agents already deployed talk to runner-service,
 * so a field is only ever added, and each side ignores what it does not know.
 *
 * <ul>
 *   <li>{@code work}: {@link io.mflow.localrunner.agentapi.Hello} → {@link io.mflow.localrunner.agentapi.Work}, or
 *       204 when none came within the poll wait</li>
 *   <li>{@code heartbeat}: {@link io.mflow.localrunner.agentapi.Hello} →
 *       {@link io.mflow.localrunner.agentapi.HeartbeatReply}</li>
 *   <li>{@code started}: {@link io.mflow.localrunner.agentapi.Started} → 204</li>
 *   <li>{@code output?attempt=…&offset=…}: the output's bytes from that offset
 *       ({@code application/octet-stream}) → 204</li>
 *   <li>{@code finished}: {@link io.mflow.localrunner.agentapi.Finished} → 204</li>
 * </ul>
 *
 * A report the attempt's state refuses (an agent that came back after its attempt was lost) is answered 409 with a
 * problem document, a malformed one 400: the agent does not send that {@code started} or {@code finished} again.
 */
package io.mflow.localrunner.agentapi;
