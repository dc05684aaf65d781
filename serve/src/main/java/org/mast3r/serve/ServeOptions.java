package org.mast3r.serve;

import java.nio.file.Path;

/**
 * What {@code mast3r serve} takes besides the model.
 *
 * @param host           address to bind (127.0.0.1 unless the user asks otherwise)
 * @param port           TCP port; 0 picks a free one (tests)
 * @param maxImages      most images one job may upload
 * @param maxUploadBytes most bytes one request body may hold; a larger one is answered 413
 * @param queue          most jobs waiting behind the running one; a full queue is answered 429
 * @param work           folder of the job folders (made if missing)
 * @param maxPixels      the decompression-bomb guard of every uploaded image (the CLI's --max-pixels)
 */
public record ServeOptions(String host, int port, int maxImages, long maxUploadBytes, int queue, Path work, long maxPixels) {}
