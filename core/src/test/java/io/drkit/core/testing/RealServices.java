package io.drkit.core.testing;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension: a test method (or constructor) that declares a {@link TestDatabase} or
 * {@link TestBucket} parameter gets a fresh one on the real shared services; databases are dropped
 * when the test ends. All databases of one test class come from one server, the one the class needs
 * ({@link PostgresService#forTestClass}).
 */
public class RealServices implements ParameterResolver, AfterEachCallback {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(RealServices.class);

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        Class<?> type = p.getParameter().getType();
        return type == TestDatabase.class || type == TestBucket.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        String hint = e.getRequiredTestClass().getSimpleName();
        if (p.getParameter().getType() == TestDatabase.class) {
            PostgresService server = PostgresService.forTestClass(e.getRequiredTestClass());
            TestDatabase db = server.createDatabase(hint);
            created(e).add(db);
            return db;
        }
        return S3Service.get().createBucket(hint);
    }

    @Override
    public void afterEach(ExtensionContext e) {
        for (TestDatabase db : created(e)) {
            PostgresService.forTestClass(e.getRequiredTestClass()).dropDatabase(db.name());
        }
    }

    @SuppressWarnings("unchecked")
    private static List<TestDatabase> created(ExtensionContext e) {
        return e.getStore(NS).computeIfAbsent("databases", k -> new ArrayList<TestDatabase>(), List.class);
    }
}
