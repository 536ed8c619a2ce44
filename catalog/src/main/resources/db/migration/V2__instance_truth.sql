-- Ground-truth global identity of a character instance, kept aside from the annotations: synthetic
-- worlds know who every instance is; training stages never read it, evaluation of synthetic runs may.
CREATE TABLE instance_truth (
  instance_id bigint NOT NULL PRIMARY KEY REFERENCES character_instance (id),
  identity varchar(255) NOT NULL
);
