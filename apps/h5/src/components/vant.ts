// Vant one component at a time ('vant' whole brings every component). Styles are taken per file
// rather than through `<component>/style`, which also pulls the 45 KB icon font none of ours show.
// Lists and tags are plain markup: on a throttled phone every component's first render counts.
import 'vant/es/style/base.css';
import Button from 'vant/es/button';
import 'vant/es/button/index.css';
import Loading from 'vant/es/loading';
import 'vant/es/loading/index.css';

export { Button as VanButton, Loading as VanLoading };
