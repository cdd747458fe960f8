package io.tenantry.local.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against emulated AWS: the backend starts once per JVM with the template's resources, and
 * {@link AwsEnvironment} parameters (constructor, test, lifecycle methods) are injected. See
 * {@link AwsEmulatorsExtension}.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(AwsEmulatorsExtension.class)
public @interface EmulatedAws {}
