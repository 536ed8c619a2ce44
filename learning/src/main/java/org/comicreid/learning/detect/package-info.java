/**
 * Face and body detection with DASS (a two-headed YOLOX) traced to TorchScript: the letterbox
 * input ({@link org.comicreid.learning.detect.Letterbox}), the post-processing of one head's raw
 * output ({@link org.comicreid.learning.detect.YoloxDecoder}) and the DJL runner
 * ({@link org.comicreid.learning.detect.TorchScriptDetector}).
 */
package org.comicreid.learning.detect;
