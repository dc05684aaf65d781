package org.mast3r.scene.align;

import java.util.List;

/** The cameras' kinematic chain: the root's pose is absolute, every other one relative to its parent; {@code edges} (parent, child) in chain order. */
public record KinematicChain(int root, List<int[]> edges) {}
