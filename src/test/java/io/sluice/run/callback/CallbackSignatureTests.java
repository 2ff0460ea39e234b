package io.sluice.run.callback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The expected values are openssl's: {@code printf '<t>.<body>' | openssl dgst -sha256 -hmac secret}. */
class CallbackSignatureTests {

    @Test
    void shouldSignTheTimestampAndTheBodyWithHmacSha256() {
        assertThat(CallbackSignature.header("secret", 1_700_000_000L, "{\"id\":1}"))
                .isEqualTo("t=1700000000,v1=3dd1b9aef568d75f6790a84bd2e5dfa1f44409eef3cbdbd3f10b837376100c11");
    }

    @Test
    void shouldChangeWithTheBodyAndWithTheTimestamp() {
        assertThat(CallbackSignature.header("secret", 1_700_000_000L, "{\"id\":2}"))
                .isEqualTo("t=1700000000,v1=d90136fbf291083dc325c38d4baafce2f0a30fce077f395ae0e8f27462f4d3fe");
        assertThat(CallbackSignature.header("secret", 1_700_000_001L, "{\"id\":1}"))
                .isEqualTo("t=1700000001,v1=d0c79a345e51a61362e0123dd2fc00ec01a78397760f2babc7a052bbbf46c313");
    }
}
