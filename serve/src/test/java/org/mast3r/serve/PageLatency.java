package org.mast3r.serve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.mast3r.image.Preprocess;
import org.mast3r.pipeline.Mast3r;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The README's latency number, run by hand (not a test): a server on {@code CHECKPOINT}, the page in headless
 * chromium uploads two W x H images, and the page's own marks give the time from upload to the first frame of
 * the result. Run: {@code java -cp <serve test classpath> org.mast3r.serve.PageLatency CHECKPOINT 512 384 THREADS}.
 */
public final class PageLatency {
    private PageLatency() {}

    public static void main(String[] args) throws Exception {
        Path checkpoint = Path.of(args[0]);
        int w = Integer.parseInt(args[1]), h = Integer.parseInt(args[2]), threads = Integer.parseInt(args[3]);
        Path dir = Files.createTempDirectory("mast3r-latency-");
        Files.write(dir.resolve("left.png"), TestImages.png(w, h, 0));
        Files.write(dir.resolve("right.png"), TestImages.png(w, h, w / 24));
        ServeOptions options = new ServeOptions("127.0.0.1", 0, 32, 200L << 20, 4, dir.resolve("work"), Preprocess.DEFAULT_MAX_PIXELS);
        try (Mast3r model = Mast3r.load(checkpoint, null, "cpu", threads);
             WebServer server = WebServer.start(options, new LoadedModel(model, checkpoint, null, "cpu"))) {
            ChromeDriver browser = HeadlessChromium.start();
            try {
                browser.get(server.address().toString());
                WebElement input = browser.findElement(By.id("files"));
                ((JavascriptExecutor) browser).executeScript("arguments[0].hidden = false", input);
                input.sendKeys(dir.resolve("left.png") + "\n" + dir.resolve("right.png"));
                browser.findElement(By.id("run")).click();
                new WebDriverWait(browser, Duration.ofMinutes(20)).until(d -> Boolean.TRUE.equals(
                        ((JavascriptExecutor) d).executeScript("return performance.getEntriesByName('mast3r-first-frame').length > 0")));
                double ms = ((Number) ((JavascriptExecutor) browser).executeScript(
                        "return performance.measure('m', 'mast3r-upload', 'mast3r-first-frame').duration")).doubleValue();
                System.out.printf(Locale.ROOT, "upload to first frame: %.2f s (%s, two %dx%d images, %d threads)%n", ms / 1000, checkpoint, w, h, threads);
            } finally {
                browser.quit();
            }
        }
    }
}
