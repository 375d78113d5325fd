// The WebGL backend with all its kernels: a fallback, loaded on demand.
import '@tensorflow/tfjs-backend-webgl';
