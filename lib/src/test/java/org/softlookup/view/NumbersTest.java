package org.softlookup.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.softlookup.Errors.assertRejects;

import org.junit.jupiter.api.Test;

/** One way to write numbers for charts, tables and matrices: one minus sign, NaN and infinities, no "-0". */
class NumbersTest {

    @Test
    void significantShowsFourSignificantDigits() {
        assertEquals("0.1235", Numbers.significant(0.123456));
        assertEquals("2.5", Numbers.significant(2.5));
        assertEquals("-1235", Numbers.significant(-1234.5678));
        assertEquals("0", Numbers.significant(0.0));
        assertEquals("1.000e-07", Numbers.significant(1e-7));
        assertEquals("-∞", Numbers.significant(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", Numbers.significant(Double.NaN));
    }

    @Test
    void patternsAndDecimalsShareTheSignsAndDropARoundedMinusZero() {
        assertEquals("-0.50", Numbers.pattern("0.00").format(-0.5));
        assertEquals("0.00", Numbers.pattern("0.00").format(-0.001));
        assertEquals("0.000", Numbers.decimals(3).format(-0.0001));
        assertEquals("-12.250", Numbers.decimals(3).format(-12.25));
        assertEquals("-1.2E-5", Numbers.pattern("0.0E0").format(-1.2e-5));
        assertEquals("0", Numbers.pattern("0.0E0").format(0.0));
        for (var f : new java.text.NumberFormat[] {Numbers.pattern("0.0E0"), Numbers.decimals(0)}) {
            assertEquals("-∞", f.format(Double.NEGATIVE_INFINITY));
            assertEquals("∞", f.format(Double.POSITIVE_INFINITY));
            assertEquals("NaN", f.format(Double.NaN));
        }
        assertEquals(
                Numbers.decimals(2).format(Double.NEGATIVE_INFINITY),
                Numbers.significant(Double.NEGATIVE_INFINITY),
                "the same minus sign in tables and matrices");
        assertEquals("1234.5", Numbers.decimals(1).format(1234.5), "no grouping");
        assertRejects(() -> Numbers.decimals(16), "decimals", "16");
    }
}
