package io.drkit.core.store;

import java.io.UncheckedIOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.drkit.core.batch.StopSignal;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3 client whose requests are tried again when the connection breaks while the SDK parses an
 * XML answer (a listing cut half-way): the SDK lets that out as an {@link UncheckedIOException},
 * which its own retries do not see (aws-sdk-java-v2 issue 6578), and a verification then failed
 * on one dropped connection. What still fails becomes an {@link SdkClientException}, which the
 * store reports as the object store failing.
 */
final class AnswerResetRetries implements InvocationHandler {

    private final S3Client client;
    private final StorePolicy policy;
    /** The SDK declares every operation as a default method that the client class overrides. */
    private final Map<Method, Boolean> implemented = new ConcurrentHashMap<>();

    private AnswerResetRetries(S3Client client, StorePolicy policy) {
        this.client = client;
        this.policy = policy;
    }

    static S3Client wrap(S3Client client, StorePolicy policy) {
        return (S3Client) Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class},
                new AnswerResetRetries(client, policy));
    }

    private boolean implementedByClient(Method method) {
        try {
            return client.getClass().getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass()
                    != S3Client.class;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.isDefault() && !implemented.computeIfAbsent(method, this::implementedByClient)) {
            // request builders and paginators: they call the operations on this proxy, which retries those
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        for (int failures = 1;; failures++) {
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                if (!(e.getCause() instanceof UncheckedIOException broken)) {
                    throw e.getCause();
                }
                if (failures > policy.retries() || StopSignal.requested()) {
                    throw SdkClientException.builder().message("the connection broke while the answer was read: "
                            + broken.getCause()).cause(broken.getCause()).numAttempts(failures).build();
                }
                StopSignal.sleep(Backoff.after(failures));
            }
        }
    }
}
