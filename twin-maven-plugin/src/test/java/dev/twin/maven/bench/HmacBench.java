package dev.twin.maven.bench;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Benchmark driver (not a test): the cost of a fresh JVM's first HMAC-SHA256, after a SHA-256
 * (which SigV4 needs anyway), in one of three ways: {@code digest} (RFC 2104 on MessageDigest, as
 * SigV4 does), {@code mac} ({@code Mac.getInstance("HmacSHA256")}) or {@code mac-sunjce} (the same,
 * naming the provider). Prints {@code first-hmac-us=<n>}.
 */
public final class HmacBench {

    private HmacBench() {}

    public static void main(String[] args) throws Exception {
        byte[] key = "AWS4fixture-secret".getBytes(StandardCharsets.UTF_8);
        byte[] message = "20261125".getBytes(StandardCharsets.UTF_8);
        MessageDigest.getInstance("SHA-256").digest(message);
        long start = System.nanoTime();
        byte[] out =
                switch (args[0]) {
                    case "digest" -> digestHmac(key, message);
                    case "mac" -> mac(Mac.getInstance("HmacSHA256"), key, message);
                    case "mac-sunjce" -> mac(Mac.getInstance("HmacSHA256", "SunJCE"), key, message);
                    default ->
                            throw new IllegalArgumentException(
                                    "mode must be digest, mac or mac-sunjce, got " + args[0]);
                };
        long us = (System.nanoTime() - start) / 1000;
        System.out.println("first-hmac-us=" + us + " out=" + (out[0] & 0xff));
    }

    private static byte[] mac(Mac mac, byte[] key, byte[] message) throws Exception {
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(message);
    }

    private static byte[] digestHmac(byte[] key, byte[] message) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] pad = new byte[64];
        for (int i = 0; i < 64; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x36);
        }
        sha.update(pad);
        sha.update(message);
        byte[] inner = sha.digest();
        for (int i = 0; i < 64; i++) {
            pad[i] = (byte) ((i < key.length ? key[i] : 0) ^ 0x5c);
        }
        sha.update(pad);
        sha.update(inner);
        return sha.digest();
    }
}
