package org.mast3r.serve;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The page: {@code /} is index.html (with or without {@code ?job=}), anything else is a file of the
 * {@code web/} resources (the page's modules, its style, three.js). Only names of plain characters without
 * {@code ..} are looked up, and only on the class path.
 */
final class PageHandler implements HttpHandler {
    private static final String ROOT = "/org/mast3r/serve/web/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(/[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*)*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "txt", "text/plain; charset=utf-8");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                Answers.error(ex, 405, "mast3r: " + ex.getRequestMethod() + ": method not allowed here");
                return;
            }
            String path = ex.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            byte[] body = NAME.matcher(name).matches() ? resource(name) : null;
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            if (body == null || type == null) {
                Answers.error(ex, 404, "mast3r: " + path + ": no such page");
                return;
            }
            Answers.send(ex, 200, type, body);
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = PageHandler.class.getResourceAsStream(ROOT + name)) {
            return in == null ? null : in.readAllBytes();
        }
    }
}
