package io.drkit.tracking;

import java.math.BigDecimal;

/** A depot or sorting hub of the courier network. */
public record Station(String code, String name, String city, String province, boolean hub,
        BigDecimal latitude, BigDecimal longitude) {}
