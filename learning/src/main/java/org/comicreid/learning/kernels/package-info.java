/** Fast numeric kernels on DJL NDArrays (libtorch) behind interfaces that core defines. */
package org.comicreid.learning.kernels;
