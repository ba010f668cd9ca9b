package io.mflow.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person at the dashboard: Debian's Chromium, headless, driven through its chromedriver (both installed by
 * {@code .ci/run} when missing). Each browser is a new profile, so two of them are two people with two sessions.
 * Chromium's own calls home are turned off: this machine's network refuses them.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target/screenshots");

    private final WebDriver driver;
    private final URI base;
    private final Path profile;

    private Browser(WebDriver driver, URI base, Path profile) {
        this.driver = driver;
        this.base = base;
        this.profile = profile;
    }

    /** A browser at a desktop's width (1280 px). */
    static Browser open(URI base) throws IOException {
        return open(base, new Dimension(1280, 900));
    }

    static Browser open(URI base, Dimension window) throws IOException {
        assertThat(CHROMIUM).as("Chromium, which .ci/run installs: apt-get install chromium chromium-driver")
                .isExecutable();
        assertThat(CHROMEDRIVER).as("chromedriver, which .ci/run installs: apt-get install chromium-driver")
                .isExecutable();
        Path profile = Files.createTempDirectory("mflow-browser");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + window.getWidth() + "," + window.getHeight());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, base, profile);
    }

    WebDriver driver() {
        return driver;
    }

    Browser go(String path) {
        driver.get(base.resolve(path).toString());
        return this;
    }

    String path() {
        return URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Signs in at /login with an API token, as a person pastes it into the form. */
    Browser signIn(String token) {
        go("/login");
        driver.findElement(By.name("token")).sendKeys(token);
        driver.findElement(By.cssSelector("form[action$='/login'] button[type=submit]")).click();
        waitUntil(d -> !path().equals("/login"), Duration.ofSeconds(20));
        return this;
    }

    WebElement find(By by) {
        return driver.findElement(by);
    }

    <T> T waitUntil(ExpectedCondition<T> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(condition);
    }

    /** Saves the page as a picture under target/screenshots/, and answers where. */
    Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path file = SCREENSHOTS.resolve(name + ".png");
        Path taken = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, file, StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile left behind is only disk
        }
    }
}
