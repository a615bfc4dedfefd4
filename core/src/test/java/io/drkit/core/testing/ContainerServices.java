package io.drkit.core.testing;

import java.net.URI;

import io.drkit.core.pg.JdbcUrl;

/**
 * PostgreSQL, MinIO and RabbitMQ in containers, for machines with a Docker engine ({@code -Pcontainers}).
 * Testcontainers is only on the test classpath under that profile, so it is reached reflectively and
 * the default build compiles without it.
 */
final class ContainerServices {

    private ContainerServices() {}

    static boolean enabled() {
        return "containers".equals(System.getProperty("drkit.test.services"));
    }

    static JdbcUrl postgres() {
        try {
            Class<?> type = Class.forName("org.testcontainers.postgresql.PostgreSQLContainer");
            Object container = type.getConstructor(String.class).newInstance("postgres:15");
            // the image's pg_hba.conf lets the host connect to databases but not replicate (a line of its
            // own), which incremental backups do: the container gets one that allows both
            Class<?> transferable = Class.forName("org.testcontainers.images.builder.Transferable");
            Object hba = transferable.getMethod("of", String.class).invoke(null, "local all all trust\n"
                    + "host all all all scram-sha-256\nhost replication all all scram-sha-256\n");
            type.getMethod("withCopyToContainer", transferable, String.class).invoke(container, hba, "/etc/drkit-hba.conf");
            type.getMethod("withCommand", String[].class).invoke(container, (Object) new String[] {"postgres",
                "-c", "wal_level=logical", "-c", "max_connections=200", "-c", "max_replication_slots=20",
                "-c", "max_wal_senders=20", "-c", "hba_file=/etc/drkit-hba.conf"});
            type.getMethod("start").invoke(container);
            String jdbc = (String) type.getMethod("getJdbcUrl").invoke(container);
            String user = (String) type.getMethod("getUsername").invoke(container);
            String password = (String) type.getMethod("getPassword").invoke(container);
            String sep = jdbc.contains("?") ? "&" : "?";
            return JdbcUrl.parse(jdbc + sep + "user=" + user + "&password=" + password);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the PostgreSQL container: " + e, e);
        }
    }

    /** @return endpoint, access key, secret key */
    static String[] minio() {
        try {
            Class<?> type = Class.forName("org.testcontainers.containers.MinIOContainer");
            Object container = type.getConstructor(String.class).newInstance("minio/minio:latest");
            type.getMethod("start").invoke(container);
            return new String[] {
                (String) type.getMethod("getS3URL").invoke(container),
                (String) type.getMethod("getUserName").invoke(container),
                (String) type.getMethod("getPassword").invoke(container)};
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the MinIO container: " + e, e);
        }
    }

    /** @return the broker's AMQP URL, with the container's user and password */
    static String rabbitmq() {
        try {
            Class<?> type = Class.forName("org.testcontainers.rabbitmq.RabbitMQContainer");
            Object container = type.getConstructor(String.class).newInstance("rabbitmq:4");
            type.getMethod("start").invoke(container);
            String host = (String) type.getMethod("getHost").invoke(container);
            Integer port = (Integer) type.getMethod("getAmqpPort").invoke(container);
            return "amqp://" + type.getMethod("getAdminUsername").invoke(container) + ":"
                    + type.getMethod("getAdminPassword").invoke(container) + "@" + host + ":" + port + "/%2F";
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot start the RabbitMQ container: " + e, e);
        }
    }

    static URI endpoint(String[] minio) {
        return URI.create(minio[0]);
    }
}
