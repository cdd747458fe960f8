package io.tenantry.local.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Usage reaches the table only through the log subscriptions (docs/metering.md): every function that can meter, a
 * tenant route or a worker (but the purge's, whose tenant is always leaving, and the media upload relay's, which
 * records nothing: its one send per upload goes with the upload the media worker counts), has a subscription filter on its own
 * log group, matching the usage lines and delivering to the aggregator's alias, which CloudWatch Logs may invoke
 * for this stack's log groups only. A metering function added without its subscription would lose its tenants'
 * usage in the cloud while every local test passed: this fails instead.
 */
class UsageSubscriptionsTest {
    static final SamTemplate TEMPLATE = SamTemplate.load(RealTemplateTest.templateFile());

    static Set<String> meteringFunctions() {
        Set<String> functions = new TreeSet<>();
        TEMPLATE.functions().values().forEach(function -> {
            String id = function.logicalId();
            String policies =
                    String.valueOf(TEMPLATE.resources().get(id).properties().get("Policies"));
            boolean tenantRoute = !function.events(FunctionEvent.HttpApi.class).isEmpty()
                    && (policies.contains("TenantReadOnlyAccessPolicy")
                            || policies.contains("TenantReadWriteAccessPolicy"));
            boolean worker = !function.events(FunctionEvent.Sqs.class).isEmpty()
                    && !id.equals("TenantPurgeQueueFunction")
                    && !id.equals("MediaUploadRelayFunction");
            if (tenantRoute || worker) {
                functions.add(id);
            }
        });
        return functions;
    }

    @Test
    void everyMeteringFunctionsLogGroup_deliversItsUsageLines_toTheAggregator() {
        Set<String> metering = meteringFunctions();
        assertTrue(metering.size() >= 30, "the tenant routes and the workers were found: " + metering);
        assertTrue(metering.contains("GetProjectFunction") && metering.contains("InvoiceQueueFunction"));
        assertFalse(metering.contains("GetHealthFunction"), "no tenant, no usage");

        Set<String> subscribed = new TreeSet<>();
        for (TemplateResource filter : TEMPLATE.resources().values()) {
            if (!filter.type().equals("AWS::Logs::SubscriptionFilter")) {
                continue;
            }
            Map<String, Object> properties = filter.properties();
            assertEquals("{ $.tenantryUsage = 1 }", properties.get("FilterPattern"), filter.logicalId());
            assertEquals(Map.of("Ref", "UsageLogFunction.Alias"), properties.get("DestinationArn"), filter.logicalId());
            String logGroup = String.valueOf(((Map<?, ?>) properties.get("LogGroupName")).get("Ref"));
            String function = logGroup.replaceFirst("LogGroup$", "Function");
            Map<?, ?> loggingConfig =
                    (Map<?, ?>) TEMPLATE.resources().get(function).properties().get("LoggingConfig");
            assertEquals(Map.of("Ref", logGroup), loggingConfig.get("LogGroup"), function + " logs to " + logGroup);
            subscribed.add(function);
        }
        assertEquals(metering, subscribed);
    }

    @Test
    void onlyThisStacksLogGroups_mayInvokeTheAggregator() {
        Map<String, Object> permission =
                TEMPLATE.resources().get("UsageLogPermission").properties();
        assertEquals("logs.amazonaws.com", permission.get("Principal"));
        assertEquals(Map.of("Ref", "UsageLogFunction.Alias"), permission.get("FunctionName"));
        assertEquals(Map.of("Ref", "AWS::AccountId"), permission.get("SourceAccount"));
        assertEquals(
                Map.of(
                        "Fn::Sub",
                        "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${AWS::StackName}-*"),
                permission.get("SourceArn"));
    }
}
