package io.patchbay.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Webhook URLs may carry credentials (user info, a token in the query); the start-up log shows neither. */
class WebhookUrlLoggingTest {
    @ParameterizedTest
    @CsvSource({
        "https://user:pass@hooks.example.com/patchbay?token=s3cret, https://hooks.example.com/patchbay",
        "http://127.0.0.1:9000/hook, http://127.0.0.1:9000/hook",
        "not a url, <unparseable URL>"})
    void credentialsAreNotLogged(String url, String logged) {
        assertEquals(logged, PatchbayServer.withoutSecrets(url));
    }
}
