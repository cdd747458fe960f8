package io.tenantry.local.template;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code AWS::DynamoDB::Table}: its local name, attribute definitions (name → S/N/B), key schema, indexes,
 * TTL attribute (null when TTL is off) and stream view type (null without a stream).
 */
public record DynamoTableDefinition(
        String logicalId,
        String tableName,
        Map<String, String> attributeDefinitions,
        String hashKey,
        String rangeKey,
        List<Index> globalSecondaryIndexes,
        List<Index> localSecondaryIndexes,
        String ttlAttribute,
        String streamViewType) {

    /** A secondary index; {@code rangeKey} may be null, {@code nonKeyAttributes} is for {@code INCLUDE}. */
    public record Index(
            String name, String hashKey, String rangeKey, String projectionType, List<String> nonKeyAttributes) {}

    static DynamoTableDefinition from(TemplateResource table) {
        Map<String, Object> p = table.properties();
        Map<String, String> attributes = new LinkedHashMap<>();
        List<Object> definitions = Nodes.list(p.get("AttributeDefinitions"), table.path("AttributeDefinitions"));
        for (int i = 0; i < definitions.size(); i++) {
            String at = table.path("AttributeDefinitions[" + i + "]");
            Map<String, Object> definition = Nodes.map(definitions.get(i), at);
            attributes.put(
                    Nodes.string(definition.get("AttributeName"), at + ".AttributeName"),
                    Nodes.string(definition.get("AttributeType"), at + ".AttributeType"));
        }
        String[] keys = keys(p.get("KeySchema"), table.path("KeySchema"));
        Map<String, Object> ttl = Nodes.map(p.get("TimeToLiveSpecification"), table.path("TimeToLiveSpecification"));
        boolean ttlOn = Nodes.bool(ttl.get("Enabled"), false, table.path("TimeToLiveSpecification.Enabled"));
        Map<String, Object> stream = Nodes.map(p.get("StreamSpecification"), table.path("StreamSpecification"));
        return new DynamoTableDefinition(
                table.logicalId(),
                PhysicalNames.table(table),
                Collections.unmodifiableMap(attributes),
                keys[0],
                keys[1],
                indexes(p.get("GlobalSecondaryIndexes"), table.path("GlobalSecondaryIndexes")),
                indexes(p.get("LocalSecondaryIndexes"), table.path("LocalSecondaryIndexes")),
                ttlOn
                        ? Nodes.string(ttl.get("AttributeName"), table.path("TimeToLiveSpecification.AttributeName"))
                        : null,
                Nodes.string(stream.get("StreamViewType"), table.path("StreamSpecification.StreamViewType")));
    }

    private static List<Index> indexes(Object value, String path) {
        List<Index> indexes = new ArrayList<>();
        List<Object> list = Nodes.list(value, path);
        for (int i = 0; i < list.size(); i++) {
            String at = path + "[" + i + "]";
            Map<String, Object> index = Nodes.map(list.get(i), at);
            String[] keys = keys(index.get("KeySchema"), at + ".KeySchema");
            Map<String, Object> projection = Nodes.map(index.get("Projection"), at + ".Projection");
            indexes.add(new Index(
                    Nodes.string(index.get("IndexName"), at + ".IndexName"),
                    keys[0],
                    keys[1],
                    Nodes.string(projection.getOrDefault("ProjectionType", "ALL"), at + ".Projection.ProjectionType"),
                    Nodes.strings(projection.get("NonKeyAttributes"), at + ".Projection.NonKeyAttributes")));
        }
        return List.copyOf(indexes);
    }

    /** [hash, range] from a key schema; range may be null. */
    private static String[] keys(Object value, String path) {
        String[] keys = new String[2];
        List<Object> schema = Nodes.list(value, path);
        for (int i = 0; i < schema.size(); i++) {
            String at = path + "[" + i + "]";
            Map<String, Object> key = Nodes.map(schema.get(i), at);
            String type = Nodes.string(key.get("KeyType"), at + ".KeyType");
            keys["HASH".equals(type) ? 0 : 1] = Nodes.string(key.get("AttributeName"), at + ".AttributeName");
        }
        if (keys[0] == null) {
            throw new TemplateException(path + ": no HASH key");
        }
        return keys;
    }
}
