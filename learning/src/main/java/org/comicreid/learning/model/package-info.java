/** ResNet backbones (basic and bottleneck blocks) and the SimCLR-style re-identification network with its 3-layer projection head. */
package org.comicreid.learning.model;
