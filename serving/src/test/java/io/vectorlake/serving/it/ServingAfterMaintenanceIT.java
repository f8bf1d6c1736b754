package io.vectorlake.serving.it;

import static io.vectorlake.serving.it.Rows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.common.ConsistencyLevel;
import io.milvus.v2.common.IndexParam;
import io.milvus.v2.service.vector.request.DeleteReq;
import io.milvus.v2.service.vector.request.InsertReq;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.vectorlake.catalog.maintenance.Maintenance;
import io.vectorlake.catalog.maintenance.MaintenanceOptions;
import io.vectorlake.catalog.maintenance.MaintenanceReport;
import io.vectorlake.catalog.maintenance.RetentionPolicy;
import io.vectorlake.catalog.segment.SealPlan;
import io.vectorlake.catalog.warehouse.Collection;
import io.vectorlake.catalog.warehouse.CollectionId;
import io.vectorlake.catalog.warehouse.Warehouse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The serving tier once maintenance removed the WAL files below the watermark. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServingAfterMaintenanceIT {
  @TempDir Path dir;

  private static Set<Long> ids(MilvusClientV2 client, ConsistencyLevel level) {
    List<QueryResp.QueryResult> rows = client.query(QueryReq.builder().collectionName("kept")
        .filter("id >= 0").outputFields(List.of("id")).consistencyLevel(level).limit(10_000)
        .build()).getQueryResults();
    Set<Long> ids = new TreeSet<>();
    rows.forEach(r -> ids.add((Long) r.getEntity().get("id")));
    return ids;
  }

  /**
   * 60 inserts and some deletes through the SDK, a build and a maintenance without a window while
   * the server runs: a Strong query on the running server, and on a server restarted on the
   * warehouse (which loads without the removed WAL files), returns exactly the model's keys.
   */
  @Test
  void servingReadsEveryRowAfterSealedWalFilesAreGone() throws Exception {
    Set<Long> model = new TreeSet<>();
    try (ServerFixture fixture = ServerFixture.plain(dir)) {
      MilvusClientV2 client = fixture.client();
      Rows.createFull(client, "kept", IndexParam.MetricType.L2);
      for (long batch = 0; batch < 60; batch++) {
        List<JsonObject> rows = new ArrayList<>();
        for (long i = batch * 3; i < batch * 3 + 3; i++) {
          rows.add(row(i, new float[] {i, 1, 0, 0}, "t" + i));
          model.add(i);
        }
        client.insert(InsertReq.builder().collectionName("kept").data(rows).build());
        if (batch % 10 == 9) {
          client.delete(DeleteReq.builder().collectionName("kept").ids(List.of(batch)).build());
          model.remove(batch);
        }
      }
      assertEquals(model, ids(client, ConsistencyLevel.STRONG));

      try (Warehouse warehouse = Warehouse.local(dir)) {
        Collection c = warehouse.loadCollection(CollectionId.parse("default.kept"));
        MaintenanceOptions noWindow = MaintenanceOptions.defaults().withPolicy(
            RetentionPolicy.DEFAULTS.withMaxAge(Duration.ZERO).withMinSnapshots(1));
        SealPlan.of(c).runLocally(c, 1000, 1);
        assertTrue(Maintenance.run(c, noWindow).retiredWalFiles() > 0);
        assertEquals(model, ids(client, ConsistencyLevel.STRONG));
        // The snapshot at the watermark keeps the sealed files until the next build moves it.
        client.delete(DeleteReq.builder().collectionName("kept").ids(List.of(0L)).build());
        model.remove(0L);
        SealPlan.of(c).runLocally(c, 1000, 1);
        MaintenanceReport report = Maintenance.run(c, noWindow);
        assertTrue(report.deletedWalFiles() > 0, report.summary());
      }
      assertEquals(model, ids(client, ConsistencyLevel.STRONG));
      client.insert(InsertReq.builder().collectionName("kept")
          .data(List.of(row(1000, new float[] {9, 9, 0, 0}, "late"))).build());
      model.add(1000L);
      assertEquals(model, ids(client, ConsistencyLevel.STRONG));

      fixture.restart();
      assertEquals(model, ids(fixture.client(), ConsistencyLevel.STRONG));
    }
  }
}
