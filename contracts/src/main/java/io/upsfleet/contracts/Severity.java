package io.upsfleet.contracts;

public enum Severity { INFO, WARNING, CRITICAL }
