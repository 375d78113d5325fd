// The CPU backend with all its kernels: the fallback of last resort, loaded on demand.
import '@tensorflow/tfjs-backend-cpu';
