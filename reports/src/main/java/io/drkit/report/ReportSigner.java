package io.drkit.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

import com.google.crypto.tink.subtle.Ed25519Sign;

import io.drkit.core.digest.Sha256;
import io.drkit.core.error.DrkitException;
import io.drkit.core.error.FileTrouble;

/**
 * Ed25519 signatures of reports. Keys are PEM files as {@code openssl genpkey -algorithm ed25519}
 * writes them: the private key signs, the public key (which auditors can hold) checks.
 */
final class ReportSigner {

    /** SubjectPublicKeyInfo's DER up to the key: SEQUENCE, AlgorithmIdentifier (id-Ed25519), BIT STRING of 32 bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private ReportSigner() {}

    static String sign(byte[] document, Path privateKeyFile) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyFile, "PRIVATE KEY")));
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(key);
            s.update(document);
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw DrkitException.usage("the report signing key " + privateKeyFile
                    + " is not an Ed25519 private key in PEM (PKCS#8)");
        }
    }

    /**
     * The SHA-256 (hex) of the public key that checks this private key's signatures, in DER as
     * {@code openssl pkey -pubin -in report-verify.pem -outform DER | sha256sum} computes it, so a report
     * names the key it is signed with and an auditor can tell it is the key they hold.
     */
    static String publicKeySha256(Path privateKeyFile) {
        try {
            EdECPrivateKey key = (EdECPrivateKey) KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyFile, "PRIVATE KEY")));
            byte[] seed = key.getBytes().orElseThrow(() -> new GeneralSecurityException("no seed"));
            byte[] publicKey = Ed25519Sign.KeyPair.newKeyPairFromSeed(seed).getPublicKey();
            byte[] der = new byte[ED25519_SPKI_PREFIX.length + publicKey.length];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(publicKey, 0, der, ED25519_SPKI_PREFIX.length, publicKey.length);
            return Sha256.hex(der);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw DrkitException.usage("the report signing key " + privateKeyFile
                    + " is not an Ed25519 private key in PEM (PKCS#8)");
        }
    }

    static boolean verify(byte[] document, String signature, Path publicKeyFile) {
        try {
            PublicKey key = KeyFactory.getInstance("Ed25519")
                    .generatePublic(new X509EncodedKeySpec(pem(publicKeyFile, "PUBLIC KEY")));
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(document);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw DrkitException.usage("the report verification key " + publicKeyFile
                    + " is not an Ed25519 public key in PEM");
        }
    }

    private static byte[] pem(Path file, String type) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw DrkitException.usage("cannot read the key file " + file + ": " + FileTrouble.reason(e), e);
        }
        String begin = "-----BEGIN " + type + "-----";
        int start = text.indexOf(begin);
        int end = text.indexOf("-----END " + type + "-----");
        if (start < 0 || end < start) {
            throw DrkitException.usage("the key file " + file + " holds no " + type + " in PEM");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end));
        } catch (IllegalArgumentException e) {
            throw DrkitException.usage("the key file " + file + " holds a damaged " + type);
        }
    }
}
