package org.comicreid.catalog.entity;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.util.Objects;

/** One panel image of a page: its position on the page, image path and pixel size. */
@Entity
@Table(name = "panel")
@NamedQuery(
    name = "Panel.findByPage",
    query = "select p from Panel p where p.page.id = :pageId order by p.indexOnPage")
@NamedQuery(
    name = "Panel.findByDataset",
    query =
        "select p from Panel p join fetch p.page pg join fetch pg.series s"
            + " where s.dataset.id = :datasetId order by s.externalId, pg.externalId, p.indexOnPage")
public class Panel {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "panel_gen")
  @SequenceGenerator(name = "panel_gen", sequenceName = "panel_seq", allocationSize = 50)
  private Long id;

  @ManyToOne(fetch = FetchType.LAZY, optional = false)
  @JoinColumn(name = "page_id", nullable = false)
  private Page page;

  @Column(name = "panel_index", nullable = false)
  private int indexOnPage;

  @Column(name = "image_path", nullable = false, length = 4000)
  private String imagePath;

  @Column(name = "width", nullable = false)
  private int width;

  @Column(name = "height", nullable = false)
  private int height;

  protected Panel() {}

  /**
   * @param imagePath path of the panel image, relative to the dataset's image root
   */
  public Panel(Page page, int indexOnPage, String imagePath, int width, int height) {
    this.page = Objects.requireNonNull(page, "page");
    this.indexOnPage = indexOnPage;
    this.imagePath = Objects.requireNonNull(imagePath, "imagePath");
    this.width = width;
    this.height = height;
  }

  public Long getId() {
    return id;
  }

  public Page getPage() {
    return page;
  }

  public int getIndexOnPage() {
    return indexOnPage;
  }

  public String getImagePath() {
    return imagePath;
  }

  public int getWidth() {
    return width;
  }

  public int getHeight() {
    return height;
  }

  @Override
  public String toString() {
    return "Panel[" + id + ", " + imagePath + "]";
  }
}
