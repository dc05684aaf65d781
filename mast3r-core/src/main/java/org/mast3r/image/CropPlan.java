package org.mast3r.image;

/**
 * The geometry of dust3r's {@code load_images} for one image: resize target and filter, then the crop box
 * (in resized pixels). ref: naver/dust3r @4c24a6e dust3r/utils/image.py _resize_pil_image, load_images.
 */
public record CropPlan(int resizedWidth, int resizedHeight, PillowResample.Filter filter,
                       int cropX, int cropY, int width, int height) {
    public static final int PATCH = 16;

    /** The plan for an image of w x h (after EXIF orientation); size 512 (or any non-224 size) or 224. */
    public static CropPlan of(int w, int h, int size, boolean squareOk) {
        int longEdge = size == 224
                // ref: load_images: _resize_pil_image(img, round(size * max(W1/H1, H1/W1))), short side to 224
                ? (int) Math.rint(size * Math.max((double) w / h, (double) h / w))
                : size;
        // ref: _resize_pil_image: LANCZOS if S > long_edge_size else BICUBIC;
        // new_size = int(round(x * long_edge_size / S)), Python's round is half to even (Math.rint).
        int s = Math.max(w, h);
        PillowResample.Filter filter = s > longEdge ? PillowResample.Filter.LANCZOS : PillowResample.Filter.BICUBIC;
        int rw = (int) Math.rint((double) ((long) w * longEdge) / s);
        int rh = (int) Math.rint((double) ((long) h * longEdge) / s);
        int cx = rw / 2, cy = rh / 2;
        double x0, y0, x1, y1;
        if (size == 224) {
            int half = Math.min(cx, cy);
            x0 = cx - half; y0 = cy - half; x1 = cx + half; y1 = cy + half;
        } else {
            double halfw = ((2 * cx) / PATCH) * PATCH / 2.0;
            double halfh = ((2 * cy) / PATCH) * PATCH / 2.0;
            if (!squareOk && rw == rh) halfh = 3 * halfw / 4;
            x0 = cx - halfw; y0 = cy - halfh; x1 = cx + halfw; y1 = cy + halfh;
        }
        // ref: Pillow Image.crop rounds a float box with Python's round (half to even).
        int ix0 = (int) Math.rint(x0), iy0 = (int) Math.rint(y0);
        return new CropPlan(rw, rh, filter, ix0, iy0, (int) Math.rint(x1) - ix0, (int) Math.rint(y1) - iy0);
    }
}
