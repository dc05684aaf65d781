package org.mast3r.model;

/** The two views' predictions; view 2's points are expressed in view 1's camera frame. */
public record PairOutput(ViewOutput view1, ViewOutput view2) {}
