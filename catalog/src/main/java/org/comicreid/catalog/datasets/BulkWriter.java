package org.comicreid.catalog.datasets;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.comicreid.catalog.entity.DetectionKind;
import org.comicreid.core.ReidRunException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Inserts catalog rows over plain JDBC, in batches, on the connection of the caller's
 * transaction.
 *
 * <p><b>Ids.</b> Every table takes its ids from the database sequence its entity uses ({@code
 * <table>_seq}, incrementing by {@value #ALLOCATION}) the way Hibernate's pooled optimizer does:
 * a call of {@code nextval} that returns {@code v} reserves the ids {@code v-49 .. v}, so the ids
 * written here never meet those Hibernate hands out before or after, in this process or another.
 * (The first value of a fresh sequence, 1, reserves only id 1.) Blocks may be fetched several
 * at a time ({@code SELECT nextval(...) FROM generate_series(1, n)}); each is still used as
 * the block its own value reserves.
 *
 * <p><b>Speed.</b> On PostgreSQL the rows go out with {@code COPY ... FROM STDIN} (CSV), on H2
 * as batched multi-row inserts; the ids are reserved up front, many blocks per round trip,
 * when the row count is known ({@link #expect}).
 *
 * <p><b>Order.</b> A row may refer to rows of tables declared before it only. Whenever one table
 * has a full batch, all pending batches are sent, parents first, so foreign keys are always
 * satisfied.
 */
final class BulkWriter {

  /** The increment of every catalog sequence and the allocation size of every entity. */
  static final int ALLOCATION = 50;

  /** Most id blocks reserved by one call to the database. */
  static final int MAX_BLOCKS_PER_CALL = 1000;

  /** Rows per multi-row insert statement. */
  static final int ROWS_PER_STATEMENT = 20;

  private final Connection connection;
  private final int batchSize;
  private final List<Table> tables = new ArrayList<>();
  /** PostgreSQL's COPY, or null on H2. */
  private final CopyManager copy;

  final Table dataset;
  final Table series;
  final Table page;
  final Table panel;
  final Table detection;
  final Table instance;
  final Table sequence;
  final Table sequencePanel;
  final Table annotation;
  final Table split;
  final Table splitMember;

  BulkWriter(Connection connection, int batchSize) {
    this.connection = connection;
    this.batchSize = batchSize;
    try {
      this.copy = connection.isWrapperFor(PGConnection.class)
          ? connection.unwrap(PGConnection.class).getCopyAPI() : null;
    } catch (SQLException e) {
      throw new ReidRunException("cannot inspect the catalog connection: " + e.getMessage(), e);
    }
    dataset = table("dataset", "name:s content_hash:s created_at:t description:s format:s"
        + " identity_scope:s");
    series = table("series", "dataset_id:l external_id:s title:s");
    page = table("page", "series_id:l external_id:s");
    panel = table("panel", "page_id:l panel_index:i image_path:s width:i height:i");
    detection = table("detection", "panel_id:l kind:s x1:d y1:d x2:d y2:d score:d external_id:s"
        + " image_path:s");
    instance = table("character_instance", "dataset_id:l external_id:s panel_id:l"
        + " face_detection_id:l body_detection_id:l");
    sequence = table("comic_sequence", "dataset_id:l series_id:l external_id:s");
    sequencePanel = table("sequence_panel", "sequence_id:l panel_position:i panel_id:l");
    annotation = table("identity_annotation", "sequence_id:l identity_label:s instance_id:l");
    split = table("data_split", "dataset_id:l name:s");
    splitMember = table("split_member", "split_id:l sequence_id:l");
  }

  private Table table(String name, String columns) {
    Table t = new Table(name, columns.split(" "));
    tables.add(t);
    return t;
  }

  long dataset(String name, String hash, Instant createdAt, String description, String format,
      String identityScope) {
    return dataset.insert(name, hash, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC),
        description, format, identityScope);
  }

  long series(long datasetId, String externalId) {
    return series.insert(datasetId, externalId, null);
  }

  long page(long seriesId, String externalId) {
    return page.insert(seriesId, externalId);
  }

  long panel(long pageId, int index, String imagePath, int width, int height) {
    return panel.insert(pageId, index, imagePath, width, height);
  }

  long detection(long panelId, DetectionKind kind, double x1, double y1, double x2, double y2,
      double score, String externalId, String imagePath) {
    return detection.insert(panelId, kind.name(), x1, y1, x2, y2, score, externalId, imagePath);
  }

  /** A character instance; {@code faceId} / {@code bodyId} are -1 when absent. */
  long instance(long datasetId, String externalId, long panelId, long faceId, long bodyId) {
    return instance.insert(datasetId, externalId, panelId, faceId < 0 ? null : faceId,
        bodyId < 0 ? null : bodyId);
  }

  /** A sequence with its panels, in order. */
  long sequence(long datasetId, long seriesId, String externalId, long[] panelIds) {
    long id = sequence.insert(datasetId, seriesId, externalId);
    for (int i = 0; i < panelIds.length; i++) {
      sequencePanel.insert(id, i, panelIds[i]);
    }
    return id;
  }

  long annotation(long sequenceId, String label, long instanceId) {
    return annotation.insert(sequenceId, label, instanceId);
  }

  long split(long datasetId, String name) {
    return split.insert(datasetId, name);
  }

  long splitMember(long splitId, long sequenceId) {
    return splitMember.insert(splitId, sequenceId);
  }

  /**
   * Says how many rows {@code table} will get, so that its ids are reserved with few round
   * trips ({@value #MAX_BLOCKS_PER_CALL} blocks of {@value #ALLOCATION} at most per call).
   */
  void expect(Table table, long rows) {
    table.expected = rows;
  }

  /** Sends every pending batch, parents first. */
  void flush() {
    for (Table t : tables) {
      t.execute();
    }
  }

  /** Closes the prepared statements (after {@link #flush()}). */
  void close() {
    for (Table t : tables) {
      t.close();
    }
  }

  /**
   * One table: its pending rows and block of reserved ids. Pending rows go out as multi-row
   * {@code INSERT ... VALUES (...), (...), ...} statements of {@link #ROWS_PER_STATEMENT} rows,
   * batched, and the rest one row per batched statement: on PostgreSQL this is several times
   * faster than a batch of single-row statements, and it is no slower on H2.
   */
  final class Table {
    private final String name;
    private final char[] types;
    private final String single;
    private final String multi;
    private final String nextval;
    private final int width;
    private final Object[][] pending;
    private int count;
    private PreparedStatement singleStatement;
    private PreparedStatement multiStatement;
    private PreparedStatement nextvalStatement;
    private final String copySql;
    private final long[] blocks = new long[MAX_BLOCKS_PER_CALL];
    private int blockCount;
    private int blockNext;
    private long nextId = 1;
    private long lastId;
    private long rows;
    private long expected;

    private Table(String name, String[] columns) {
      this.name = name;
      this.width = columns.length + 1;
      this.types = new char[width];
      types[0] = 'l';
      StringBuilder cols = new StringBuilder("id");
      for (int i = 0; i < columns.length; i++) {
        int colon = columns[i].indexOf(':');
        cols.append(", ").append(columns[i], 0, colon);
        types[i + 1] = columns[i].charAt(colon + 1);
      }
      String tuple = "(" + "?, ".repeat(width - 1) + "?)";
      this.single = "INSERT INTO " + name + " (" + cols + ") VALUES " + tuple;
      this.multi = "INSERT INTO " + name + " (" + cols + ") VALUES "
          + String.join(", ", Collections.nCopies(ROWS_PER_STATEMENT, tuple));
      this.nextval = "SELECT nextval('" + name + "_seq') FROM generate_series(1, ?)";
      this.copySql = "COPY " + name + " (" + cols + ") FROM STDIN WITH (FORMAT csv)";
      this.pending = new Object[batchSize][];
    }

    /** Rows inserted into this table. */
    long rows() {
      return rows;
    }

    long insert(Object... values) {
      try {
        long id = nextId();
        Object[] row = new Object[width];
        row[0] = id;
        System.arraycopy(values, 0, row, 1, values.length);
        pending[count++] = row;
        rows++;
        if (count == pending.length) {
          flush();
        }
        return id;
      } catch (SQLException e) {
        throw failure(e);
      }
    }

    private void set(PreparedStatement st, int index, char type, Object v) throws SQLException {
      if (v == null) {
        st.setNull(index, switch (type) {
          case 'l' -> Types.BIGINT;
          case 'i' -> Types.INTEGER;
          case 'd' -> Types.DOUBLE;
          case 't' -> Types.TIMESTAMP_WITH_TIMEZONE;
          default -> Types.VARCHAR;
        });
        return;
      }
      switch (type) {
        case 'l' -> st.setLong(index, (Long) v);
        case 'i' -> st.setInt(index, (Integer) v);
        case 'd' -> st.setDouble(index, (Double) v);
        case 't' -> st.setObject(index, v);
        default -> st.setString(index, (String) v);
      }
    }

    private long nextId() throws SQLException {
      if (nextId > lastId) {
        if (blockNext == blockCount) {
          reserve();
        }
        long v = blocks[blockNext++];
        lastId = v;
        nextId = Math.max(1, v - (ALLOCATION - 1));
      }
      return nextId++;
    }

    /**
     * Fetches the next id blocks: enough for the expected rows left; past the expectation (or
     * without one) as many as this table has used so far, so the round trips grow
     * logarithmically and at most about half of the reserved ids go unused.
     */
    private void reserve() throws SQLException {
      long left = expected - rows;
      long wanted = left > 0 ? (left + ALLOCATION - 1) / ALLOCATION : rows / ALLOCATION;
      int n = (int) Math.max(1, Math.min(MAX_BLOCKS_PER_CALL, wanted));
      if (nextvalStatement == null) {
        nextvalStatement = connection.prepareStatement(nextval);
      }
      nextvalStatement.setInt(1, n);
      blockCount = 0;
      blockNext = 0;
      try (ResultSet rs = nextvalStatement.executeQuery()) {
        while (rs.next()) {
          blocks[blockCount++] = rs.getLong(1);
        }
      }
      if (blockCount != n) {
        throw new SQLException("asked " + name + "_seq for " + n + " values, got " + blockCount);
      }
    }

    private void execute() {
      if (count == 0) {
        return;
      }
      if (copy != null) {
        copyOut();
        return;
      }
      try {
        int full = count / ROWS_PER_STATEMENT;
        if (full > 0) {
          if (multiStatement == null) {
            multiStatement = connection.prepareStatement(multi);
          }
          for (int k = 0; k < full; k++) {
            int p = 1;
            for (int r = k * ROWS_PER_STATEMENT; r < (k + 1) * ROWS_PER_STATEMENT; r++) {
              for (int c = 0; c < width; c++) {
                set(multiStatement, p++, types[c], pending[r][c]);
              }
            }
            multiStatement.addBatch();
          }
          multiStatement.executeBatch();
        }
        if (full * ROWS_PER_STATEMENT < count) {
          if (singleStatement == null) {
            singleStatement = connection.prepareStatement(single);
          }
          for (int r = full * ROWS_PER_STATEMENT; r < count; r++) {
            for (int c = 0; c < width; c++) {
              set(singleStatement, c + 1, types[c], pending[r][c]);
            }
            singleStatement.addBatch();
          }
          singleStatement.executeBatch();
        }
        Arrays.fill(pending, 0, count, null);
        count = 0;
      } catch (SQLException e) {
        throw failure(e);
      }
    }

    /** Sends the pending rows with COPY (PostgreSQL). */
    private void copyOut() {
      StringBuilder sb = new StringBuilder(count * 96);
      for (int r = 0; r < count; r++) {
        Object[] row = pending[r];
        for (int c = 0; c < width; c++) {
          if (c > 0) {
            sb.append(',');
          }
          Object v = row[c];
          if (v == null) {
            continue; // unquoted empty: NULL
          }
          if (types[c] == 's') {
            sb.append('"').append(((String) v).replace("\"", "\"\"")).append('"');
          } else if (types[c] == 't') {
            sb.append('"').append(v).append('"');
          } else {
            sb.append(v);
          }
        }
        sb.append('\n');
      }
      try {
        copy.copyIn(copySql, new StringReader(sb.toString()));
      } catch (SQLException e) {
        throw failure(e);
      } catch (IOException e) {
        throw new ReidRunException("cannot copy rows into " + name + ": " + e.getMessage(), e);
      }
      Arrays.fill(pending, 0, count, null);
      count = 0;
    }

    private void close() {
      for (PreparedStatement st : new PreparedStatement[] {singleStatement, multiStatement,
          nextvalStatement}) {
        if (st != null) {
          try {
            st.close();
          } catch (SQLException e) {
            // closing after a failure; the transaction rolls back anyway
          }
        }
      }
      singleStatement = null;
      multiStatement = null;
      nextvalStatement = null;
    }

    private ReidRunException failure(SQLException e) {
      SQLException next = e.getNextException();
      return new ReidRunException("cannot insert into " + name + ": " + e.getMessage()
          + (next == null ? "" : " (" + next.getMessage() + ")"), e);
    }
  }
}
