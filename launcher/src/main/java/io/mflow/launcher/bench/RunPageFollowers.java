package io.mflow.launcher.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * People with a run page open in the dashboard while the benchmark runs: each page follows the newest run until
 * it ends (its live stream says {@code end}), then opens the newest one again, as someone watching a team's runs
 * does. They share one signed-in session. What the engine pays for them (the broadcast of task events, a board
 * rendered per change, the streams) shows in the benchmark's figures beside a run without them.
 */
final class RunPageFollowers implements AutoCloseable {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final URI base;
    private final HttpClient http;
    private final AtomicReference<String> newest = new AtomicReference<>();
    private final AtomicLong opened = new AtomicLong();
    private final AtomicLong boards = new AtomicLong();
    private final List<Thread> pages = new ArrayList<>();
    private volatile boolean open = true;

    RunPageFollowers(URI base, String token, int count) throws IOException, InterruptedException {
        this.base = base;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).build();
        signIn(token);
        for (int i = 0; i < count; i++) {
            Thread page = new Thread(this::follow, "run-page-" + i);
            page.setDaemon(true);
            page.start();
            pages.add(page);
        }
    }

    /** A run was started: pages that have none open turn to it. */
    void started(String runId) {
        newest.set(runId);
    }

    /** "pages opened N, board updates received M". */
    String summary() {
        return "run pages opened " + opened.get() + ", board updates received " + boards.get();
    }

    private void signIn(String token) throws IOException, InterruptedException {
        String login = http.send(HttpRequest.newBuilder(base.resolve("/login")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher csrf = CSRF.matcher(login);
        if (!csrf.find()) {
            throw new IllegalStateException("the sign-in page has no CSRF field");
        }
        String form = "token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) + "&_csrf="
                + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        int status = http.send(HttpRequest.newBuilder(base.resolve("/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status != 302) {
            throw new IllegalStateException("the dashboard refused the sign-in: " + status);
        }
    }

    private void follow() {
        String last = null;
        while (open) {
            String run = newest.get();
            if (run == null || run.equals(last)) {
                sleep();
                continue;
            }
            last = run;
            opened.incrementAndGet();
            try {
                HttpResponse<Stream<String>> stream = http.send(HttpRequest.newBuilder(
                        base.resolve("/runs/" + run + "/events")).header("Accept", "text/event-stream").build(),
                        HttpResponse.BodyHandlers.ofLines());
                try (Stream<String> lines = stream.body()) {
                    Iterator<String> each = lines.iterator();
                    while (open && each.hasNext()) {
                        String line = each.next();
                        if (line.equals("event:board") || line.equals("event: board")) {
                            boards.incrementAndGet();
                        } else if (line.equals("event:end") || line.equals("event: end")) {
                            break;
                        }
                    }
                }
            } catch (IOException e) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        open = false;
        pages.forEach(Thread::interrupt);
    }
}
