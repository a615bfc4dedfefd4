package io.drkit.core.repository;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import io.drkit.core.codec.Codec;
import io.drkit.core.digest.VerifiedInputStream;
import io.drkit.core.manifest.Manifest;
import io.drkit.core.manifest.Manifest.StoredFile;

/** Small files of a point (schema, access record) read whole: checked against their SHA-256, decoded. */
public final class PointFiles {

    private PointFiles() {}

    public static String text(PointRepository repository, Codec codec, Manifest point, StoredFile file) throws IOException {
        try (InputStream raw = repository.store().open(file.key())) {
            VerifiedInputStream verified = new VerifiedInputStream(raw, file.bytes(), file.sha256(), file.key());
            String text;
            try (InputStream plain = codec.decode(verified, point.codec().encryption() != null, file.key())) {
                text = new String(plain.readAllBytes(), StandardCharsets.UTF_8);
                verified.finish();
            }
            return text;
        }
    }
}
