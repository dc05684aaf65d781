package org.mast3r.spark;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.mast3r.common.BadInputException;
import org.mast3r.image.ExifOrientation;
import org.mast3r.image.ImageDecoder;
import org.mast3r.image.PreparedImage;
import org.mast3r.image.Preprocess;

/** Images read through Hadoop's FileSystem API (file://, hdfs://, s3a:// with its connector), then pre-processed as {@code match} does. */
final class HadoopImages {
    private HadoopImages() {}

    /** The image at {@code uri}, pre-processed for the network at {@code size}; a bad one is a BadInputException naming it. */
    static PreparedImage prepare(String uri, int size, Configuration conf) {
        byte[] data = read(uri, conf);
        return Preprocess.prepare(ImageDecoder.decode(data, uri, Preprocess.DEFAULT_MAX_PIXELS), ExifOrientation.read(data), size, false, uri);
    }

    static byte[] read(String uri, Configuration conf) {
        try {
            Path p = new Path(URI.create(uri));
            FileSystem fs = p.getFileSystem(conf);
            try (InputStream in = fs.open(p)) {
                return in.readAllBytes();
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BadInputException(uri, "cannot read (" + e.getMessage() + ")", e);
        }
    }
}
