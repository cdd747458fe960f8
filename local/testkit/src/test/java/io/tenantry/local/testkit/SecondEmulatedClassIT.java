package io.tenantry.local.testkit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A second class in the same JVM gets the same running backend, with the data the first one wrote. */
@EmulatedAws
class SecondEmulatedClassIT {

    @Test
    void getsTheSameEnvironmentAsEveryOtherClass(AwsEnvironment aws) {
        SharedEnvironmentProbe.assertSameAsEveryOtherClass(aws);
        assertTrue(aws.dynamoDb()
                .listTables()
                .tableNames()
                .contains(aws.resources().tableName("TenantryTable")));
    }
}
