package io.drkit.cli;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test's repository is a bucket on the test S3 endpoint ({@link TestStore#S3}) rather than a
 * directory: for test classes whose set-up makes the repository, the core scenario runs on S3.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface OnS3 {}
