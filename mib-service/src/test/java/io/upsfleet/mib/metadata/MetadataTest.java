package io.upsfleet.mib.metadata;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.upsfleet.testsupport.DatabaseProxyResource;
import io.upsfleet.mib.support.Db;
import io.upsfleet.testsupport.InfraResource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The %test profile configures metadata for UPS "meta-ups.1" (see application.properties). */
@QuarkusTest
@QuarkusTestResource(value = InfraResource.class, initArgs = @ResourceArg(name = "database", value = "upsfleet_test_mib"))
@QuarkusTestResource(DatabaseProxyResource.class)
class MetadataTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void appliesConfiguredNameSiteAndTags() throws Exception {
        Db db = new Db(dataSource);
        await().atMost(Duration.ofSeconds(20)).until(() -> db.count("SELECT count(*) FROM ups WHERE ups_id = 'meta-ups.1'") == 1);
        Map<String, Object> row = db.one("SELECT name, site, tags FROM ups WHERE ups_id = 'meta-ups.1'");
        assertThat(row).containsEntry("name", "Server room UPS").containsEntry("site", "HQ basement");
        assertThat((String[]) ((Array) row.get("tags")).getArray()).containsExactly("critical", "rack-a");
    }
}
