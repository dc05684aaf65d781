package org.mast3r.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in headless chromium on the tiny model: upload two images, wait for the job, check the 3D canvas drew
 * points, the match lines drawn are as many as the page says, the GLB downloads; the job's address opens on its
 * result; a broken upload shows the one-line message. Leaves serve/target/serve-page.png (the README's picture).
 */
class BrowserTest {
    static WebServer server;
    static ChromeDriver browser;
    static Path images;

    @BeforeAll
    static void start() throws Exception {
        server = TinyServer.start(TinyServer.defaults());
        browser = HeadlessChromium.start();
        images = Files.createTempDirectory(TinyServer.DIR, "upload-");
        Files.write(images.resolve("left.png"), TestImages.png(160, 120, 0));
        Files.write(images.resolve("right.png"), TestImages.png(160, 120, 10));
        Files.write(images.resolve("broken.png"), "not a picture".getBytes());
    }

    @AfterAll
    static void stop() {
        browser.quit();
        server.close();
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    private void upload(String... names) {
        browser.get(server.address().toString());
        WebElement input = browser.findElement(By.id("files"));
        js("arguments[0].hidden = false", input);
        input.sendKeys(String.join("\n", java.util.Arrays.stream(names).map(n -> images.resolve(n).toString()).toList()));
        new Select(browser.findElement(By.id("size"))).selectByVisibleText("224");
        browser.findElement(By.id("run")).click();
    }

    /** Waits for the result's 3D view and its match lines. */
    private void awaitResult() {
        new WebDriverWait(browser, Duration.ofSeconds(120)).until(d -> Boolean.TRUE.equals(js(
                "return !!window.mast3rView && !!document.getElementById('match-count').dataset.shown")));
    }

    /** Pixels of the WebGL canvas that differ from the background, read back through a 2D canvas. */
    private long drawnPixels() {
        return (Long) js("""
                const gl = document.querySelector('#view3d canvas');
                const c = document.createElement('canvas');
                c.width = gl.width; c.height = gl.height;
                const g = c.getContext('2d');
                g.drawImage(gl, 0, 0);
                const px = g.getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 0; i < px.length; i += 4) if (Math.abs(px[i] - 0x20) + Math.abs(px[i + 1] - 0x21) + Math.abs(px[i + 2] - 0x24) > 12) n++;
                return n;""");
    }

    @Test
    void uploadTwoImagesAndLookAtTheResult() throws Exception {
        upload("left.png", "right.png");
        awaitResult();
        String id = browser.getCurrentUrl().replaceAll(".*[?&]job=", "");
        assertTrue(Job.isId(id), browser.getCurrentUrl());
        assertEquals(Boolean.TRUE, js("return !!document.querySelector('#view3d canvas').getContext('webgl2')"), "WebGL 2 works in this chromium");
        long drawn = drawnPixels();
        assertTrue(drawn > 500, "the 3D view drew " + drawn + " non-background pixels");

        long lines = (Long) js("return document.querySelectorAll('#view2d line').length");
        String caption = browser.findElement(By.id("match-count")).getText();
        assertTrue(lines > 0, caption);
        assertTrue(caption.startsWith(lines + " of "), "the caption says what is drawn: " + caption + " vs " + lines + " lines");
        new Actions(browser).moveToElement(browser.findElement(By.cssSelector("#view2d line"))).perform();
        assertTrue(browser.findElement(By.id("hover")).getText().contains("confidence"), "hovering a line shows its pixels");

        String glb = browser.findElement(By.linkText("scene.glb")).getAttribute("href");
        HttpResponse<byte[]> file = new Api(server.address()).bytes(glb.substring(server.address().toString().length()));
        assertEquals(200, file.statusCode());
        assertEquals("glTF", new String(file.body(), 0, 4));
        // a whole number of milliseconds (coarse timers) comes back as a Long
        double latency = ((Number) js("return performance.measure('m', 'mast3r-upload', 'mast3r-first-frame').duration")).doubleValue();
        Files.write(Path.of("target", "serve-page.png"), browser.getScreenshotAs(OutputType.BYTES));

        // the job's own address opens straight on its result
        browser.get(server.address() + "?job=" + id);
        awaitResult();
        assertTrue(drawnPixels() > 500);
        System.out.printf(Locale.ROOT, "serve page: upload to first frame %.0f ms (tiny model, 160x120 images at 224); %d match lines%n", latency, lines);
    }

    @Test
    void aBrokenUploadShowsTheMessage() {
        upload("left.png", "broken.png");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.findElement(By.id("error")).getText().isEmpty());
        assertEquals("mast3r: broken.png: not a PNG or JPEG image", browser.findElement(By.id("error")).getText());
    }

    @Test
    void framesPerSecondWith400kPoints() {
        browser.get(server.address().toString());
        Object fps = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                import('./view3d.js').then(async ({ SceneView }) => {
                  const n = 400000, header = 'ply\\nformat binary_little_endian 1.0\\nelement vertex ' + n
                      + '\\nproperty float x\\nproperty float y\\nproperty float z\\nproperty uchar red\\nproperty uchar green\\nproperty uchar blue\\nproperty float confidence\\nend_header\\n';
                  const h = new TextEncoder().encode(header), buf = new ArrayBuffer(h.length + 19 * n), v = new DataView(buf, h.length);
                  new Uint8Array(buf).set(h);
                  for (let i = 0; i < n; i++) {
                    const a = i * 2.399963, r = Math.sqrt(i / n);
                    v.setFloat32(19 * i, r * Math.cos(a), true); v.setFloat32(19 * i + 4, r * Math.sin(a), true); v.setFloat32(19 * i + 8, 2 + Math.sin(7 * r), true);
                    v.setUint8(19 * i + 12, 255 * r); v.setUint8(19 * i + 13, 128); v.setUint8(19 * i + 14, 255 * (1 - r)); v.setFloat32(19 * i + 15, 1 + r, true);
                  }
                  const box = document.getElementById('view3d');
                  document.getElementById('result').hidden = false;
                  const ui = { conf: document.getElementById('conf'), confValue: document.getElementById('conf-value'), pointSize: document.getElementById('point-size'),
                               spin: document.getElementById('spin'), shown: document.getElementById('points-shown'), fps: document.getElementById('fps') };
                  const view = new SceneView(box, [buf], null, ui);
                  ui.spin.checked = true;
                  view.turn();
                  const t0 = performance.now();
                  const poll = setInterval(() => {
                    if (view.turnFrames < 10 && performance.now() - t0 < 40000) return;
                    clearInterval(poll);
                    ui.spin.checked = false;
                    done(view.fpsMeasured || 0);
                  }, 100);
                });""");
        double f = ((Number) fps).doubleValue();
        assertTrue(f > 0, "the view turned and counted its frames");
        System.out.printf(Locale.ROOT, "serve page: %.1f fps with 400,000 points (headless chromium, SwiftShader)%n", f);
    }
}
