package io.upsfleet.alert;

import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** alert-service's REST API as its one client, web-api, calls it (the %test password). */
public final class Api {

    public static final String USER = "web-api";
    public static final String PASSWORD = "test-alert-api-pw";

    private Api() {
    }

    public static RequestSpecification client() {
        return given().auth().preemptive().basic(USER, PASSWORD);
    }
}
