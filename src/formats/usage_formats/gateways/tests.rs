//! Tests of the gateways' formats.
