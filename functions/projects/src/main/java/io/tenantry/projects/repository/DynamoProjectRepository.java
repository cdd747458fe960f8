package io.tenantry.projects.repository;

import io.tenantry.projects.model.Project;
import io.tenantry.projects.model.UpdateProjectRequest;
import io.tenantry.shared.auth.TenantAccess;
import io.tenantry.shared.data.CountedItems;
import io.tenantry.shared.data.Item;
import io.tenantry.shared.data.Keys;
import io.tenantry.shared.data.TenantItems;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Projects in the tenant's partition, sort key {@code PROJECT#<id>}. Ids are ULIDs, so the sort key
 * order is creation order and "newest first" is a reverse query.
 */
@Singleton
public class DynamoProjectRepository implements ProjectRepository {
    static final String PREFIX = "PROJECT#";

    private final TenantItems items;
    private final CountedItems counted;

    public DynamoProjectRepository(TenantItems items, CountedItems counted) {
        this.items = items;
        this.counted = counted;
    }

    @Override
    public boolean create(TenantAccess access, Project project, long quota) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put("id", AttributeValue.fromS(project.id()));
        attributes.put("name", AttributeValue.fromS(project.name()));
        if (project.description() != null) {
            attributes.put("description", AttributeValue.fromS(project.description()));
        }
        attributes.put("createdAt", AttributeValue.fromS(project.createdAt()));
        attributes.put("updatedAt", AttributeValue.fromS(project.updatedAt()));
        return switch (counted.create(access, PREFIX + project.id(), attributes, Keys.PROJECT_COUNT, quota)) {
            case CREATED -> true;
            case QUOTA_REACHED -> false;
            case KEY_TAKEN -> throw new IllegalStateException("Project id collision: " + project.id());
        };
    }

    @Override
    public Optional<Project> find(TenantAccess access, String projectId) {
        return items.get(access, PREFIX + projectId).map(DynamoProjectRepository::toProject);
    }

    @Override
    public List<Project> listNewestFirst(TenantAccess access, Optional<String> afterId, int limit) {
        Map<String, AttributeValue> start =
                afterId.map(id -> items.startKey(access, PREFIX + id)).orElse(null);
        return items.query(access, PREFIX, limit + 1, start, false).items().stream()
                .map(DynamoProjectRepository::toProject)
                .toList();
    }

    @Override
    public Project update(
            TenantAccess access, String projectId, long expectedVersion, UpdateProjectRequest changes, String now) {
        Map<String, AttributeValue> set = new LinkedHashMap<>();
        changes.name().ifPresent(n -> set.put("name", AttributeValue.fromS(n)));
        changes.description().ifPresent(d -> set.put("description", AttributeValue.fromS(d)));
        set.put("updatedAt", AttributeValue.fromS(now));
        Set<String> remove = new HashSet<>();
        if (changes.clearDescription()) {
            remove.add("description");
        }
        return toProject(items.update(access, PREFIX + projectId, expectedVersion, set, remove));
    }

    @Override
    public void delete(TenantAccess access, String projectId, long expectedVersion) {
        counted.delete(access, PREFIX + projectId, expectedVersion, Keys.PROJECT_COUNT);
    }

    private static Project toProject(Item item) {
        return new Project(
                item.string("id"),
                item.string("name"),
                item.string("description"),
                item.string("createdAt"),
                item.string("updatedAt"),
                item.version());
    }
}
