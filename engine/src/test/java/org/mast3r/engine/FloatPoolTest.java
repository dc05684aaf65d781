package org.mast3r.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatPoolTest {
    @Test
    void reusesAReleasedArrayOfTheSameLengthOnly() {
        FloatPool pool = new FloatPool(100, false);
        float[] a = pool.take(10);
        pool.give(a);
        assertNotSame(a, pool.take(11));
        assertSame(a, pool.take(10));
        assertNotSame(a, pool.take(10));
        assertEquals(0, pool.pooledFloats());
    }

    @Test
    void letsGoOfEverythingWhenFullAndNeverKeepsMoreThanItsCapacity() {
        FloatPool pool = new FloatPool(100, false);
        pool.give(new float[60]);
        pool.give(new float[30]);
        assertEquals(90, pool.pooledFloats());
        float[] big = new float[50];
        pool.give(big);                 // 140 > 100: the old sizes go, the new one stays
        assertEquals(50, pool.pooledFloats());
        pool.give(new float[101]);      // larger than the whole pool: left to the GC
        assertEquals(50, pool.pooledFloats());
        assertSame(big, pool.take(50));
    }

    @Test
    void refusesAnArrayReleasedTwice() {
        FloatPool pool = new FloatPool(100, false);
        float[] a = new float[8];
        pool.give(a);
        assertThrows(IllegalStateException.class, () -> pool.give(a));
    }

    @Test
    void fillsReleasedArraysWithNanWhenAskedToEvenThoseLeftToTheGc() {
        FloatPool pool = new FloatPool(100, true);
        float[] kept = {1, 2, 3}, tooBig = new float[101];
        pool.give(kept);
        pool.give(tooBig);
        for (float[] a : new float[][] {kept, tooBig}) {
            for (float v : a) assertTrue(Float.isNaN(v), "a released value is " + v);
        }
    }
}
