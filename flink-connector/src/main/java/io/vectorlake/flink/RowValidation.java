package io.vectorlake.flink;

import io.vectorlake.catalog.schema.CollectionSchema;
import io.vectorlake.catalog.schema.RowValidator;
import io.vectorlake.catalog.schema.SchemaJson;
import io.vectorlake.catalog.wal.WalOp;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Checks each element against the collection schema; rejected ones go to the side output. */
final class RowValidation<IN> extends ProcessFunction<IN, IN> {
  private final String collection;
  private final String schemaJson;
  private final VectorlakeRecordConverter<IN> converter;
  private final boolean upsertInserts;
  private transient RowValidator validator;
  private transient String primaryKeyField;
  private transient boolean autoId;

  RowValidation(String collection, String schemaJson, VectorlakeRecordConverter<IN> converter,
      boolean upsertInserts) {
    this.collection = collection;
    this.schemaJson = schemaJson;
    this.converter = converter;
    this.upsertInserts = upsertInserts;
  }

  @Override
  public void open(OpenContext context) {
    CollectionSchema schema = SchemaJson.fromJson(schemaJson);
    validator = new RowValidator(schema);
    primaryKeyField = schema.primaryKey().name();
    autoId = schema.primaryKey().autoId();
  }

  @Override
  public void processElement(IN element, Context context, Collector<IN> out) {
    Object key = null;
    try {
      VectorlakeRecord record = converter.convert(element);
      if (record == null) {
        return;
      }
      key = record.rawPrimaryKey(primaryKeyField);
      WalOp op = upsertInserts && record.op() == WalOp.INSERT ? WalOp.UPSERT : record.op();
      if (op == WalOp.DELETE) {
        validator.primaryKey(record.primaryKey());
      } else {
        validator.validate(record.row(), autoId && op == WalOp.INSERT);
      }
    } catch (IllegalArgumentException e) { // InvalidRowException, or a malformed element
      context.output(VectorlakeSink.REJECTED_ROWS,
          new RejectedRow(collection, key, e.getMessage(), String.valueOf(element)));
      return;
    }
    out.collect(element);
  }
}
