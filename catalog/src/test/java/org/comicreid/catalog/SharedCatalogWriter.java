package org.comicreid.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.comicreid.catalog.entity.Dataset;
import org.comicreid.catalog.repository.DatasetRepository;

/**
 * Second process of {@link SharedEmbeddedCatalogTest}: opens the catalog at {@code args[0]},
 * checks that the dataset {@code args[1]} written by the other process is visible, writes dataset
 * {@code args[2]} and prints {@code OK <id of args[1]> <id of args[2]>}. With a fourth argument
 * {@code --wait}, it prints {@code READY} after opening and writes only after reading a line from
 * standard input (so the other process can close its catalog in between).
 */
public final class SharedCatalogWriter {
  private SharedCatalogWriter() {}

  public static void main(String[] args) throws IOException {
    boolean wait = args.length > 3 && args[3].equals("--wait");
    try (Catalog catalog = Catalog.open(CatalogSettings.of(args[0], "sa", ""))) {
      DatasetRepository datasets = new DatasetRepository(catalog);
      Dataset seen =
          datasets
              .findByName(args[1])
              .orElseThrow(() -> new IllegalStateException("dataset " + args[1] + " not visible"));
      if (wait) {
        System.out.println("READY");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      Dataset written = datasets.create(args[2], "child", "written by a second process");
      System.out.println("OK " + seen.getId() + " " + written.getId());
    }
  }
}
