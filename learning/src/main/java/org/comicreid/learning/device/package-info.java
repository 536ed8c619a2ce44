/** Device choice for training: cpu, gpu or auto, with a stated fallback when no CUDA engine is present. */
package org.comicreid.learning.device;
