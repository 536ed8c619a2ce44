/**
 * ResNet backbones (basic and bottleneck blocks), the SimCLR-style re-identification network with
 * its 3-layer projection head, and the face/body network pair (shared or separate).
 */
package org.comicreid.learning.model;
