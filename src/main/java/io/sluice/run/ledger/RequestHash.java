package io.sluice.run.ledger;

import org.apache.commons.codec.digest.DigestUtils;

/** SHA-256 of a text, in hex: how an idempotency key remembers its request, and how keys become Delta app ids. */
public final class RequestHash {

    private RequestHash() {
    }

    public static String of(String text) {
        return DigestUtils.sha256Hex(text); // UTF-8, lower-case hex, as before
    }
}
