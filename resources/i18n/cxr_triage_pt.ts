<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_PT" sourcelanguage="en">
<context>
    <name>About</name>
    <message>
        <source>development build</source>
        <translation>versão de desenvolvimento</translation>
    </message>
    <message>
        <source>- Name: %1</source>
        <translation>- Nome: %1</translation>
    </message>
    <message>
        <source>- Version: %1</source>
        <translation>- Versão: %1</translation>
    </message>
    <message>
        <source>- Default threshold: %1</source>
        <translation>- Limiar predefinido: %1</translation>
    </message>
    <message>
        <source>- Operating point in use: %1</source>
        <translation>- Ponto de funcionamento em uso: %1</translation>
    </message>
    <message>
        <source>model default</source>
        <translation>o do modelo</translation>
    </message>
    <message>
        <source>- Scope: %1</source>
        <translation>- Âmbito de utilização: %1</translation>
    </message>
    <message>
        <source>- Classes: %1</source>
        <translation>- Classes: %1</translation>
    </message>
    <message>
        <source>- Running on: %1 (%2), %3 model `%4`</source>
        <translation>- Em execução em: %1 (%2), modelo %3 `%4`</translation>
    </message>
    <message>
        <source>- File: `%1`</source>
        <translation>- Ficheiro: `%1`</translation>
    </message>
    <message>
        <source>- SHA-256: `%1`</source>
        <translation>- SHA-256: `%1`</translation>
    </message>
    <message>
        <source>- Lung-field model: %1 %2, `%3`, SHA-256 `%4`</source>
        <translation>- Modelo dos campos pulmonares: %1 %2, `%3`, SHA-256 `%4`</translation>
    </message>
    <message>
        <source>- Heatmaps: shown only inside the lung fields (%1)</source>
        <translation>- Mapas de calor: mostrados apenas dentro dos campos pulmonares (%1)</translation>
    </message>
    <message>
        <source>- Lung-field model: not found (heat shown inside the body outline)</source>
        <translation>- Modelo dos campos pulmonares: não encontrado (calor mostrado dentro do contorno do corpo)</translation>
    </message>
    <message>
        <source>Intended use stated by the model: %1</source>
        <translation>Utilização prevista declarada pelo modelo (em inglês): %1</translation>
    </message>
    <message>
        <source>Version %1</source>
        <translation>Versão %1</translation>
    </message>
    <message>
        <source>Intended use</source>
        <translation>Utilização prevista</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>No model is loaded. %1</source>
        <translation>Nenhum modelo está carregado. %1</translation>
    </message>
    <message>
        <source>The model card below is in English, as the model was published.</source>
        <translation>A ficha do modelo abaixo está em inglês, tal como o modelo foi publicado.</translation>
    </message>
    <message>
        <source>(The model card could not be read: %1)</source>
        <translation>(Não foi possível ler a ficha do modelo: %1)</translation>
    </message>
    <message>
        <source>(No model card found next to the model.)</source>
        <translation>(Não foi encontrada nenhuma ficha do modelo junto ao modelo.)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About %1</source>
        <translation>Acerca do %1</translation>
    </message>
</context>
<context>
    <name>CalibrationDialog</name>
    <message>
        <source>Calibrate for this site</source>
        <translation>Calibrar para este centro</translation>
    </message>
    <message>
        <source>Proposed PROVISIONAL operating point</source>
        <translation>Ponto de funcionamento PROVISÓRIO proposto</translation>
    </message>
    <message>
        <source>Proposed operating point</source>
        <translation>Ponto de funcionamento proposto</translation>
    </message>
    <message numerus="yes">
        <source>from %n read image(s) in scope</source>
        <translation>
            <numerusform>a partir de %n imagem lida dentro do âmbito</numerusform>
            <numerusform>a partir de %n imagens lidas dentro do âmbito</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>(%n read image(s) left out: unsure, unreadable or out of scope).</source>
        <translation>
            <numerusform>(%n imagem lida posta de parte: leitura incerta, ilegível ou fora do âmbito).</numerusform>
            <numerusform>(%n imagens lidas postas de parte: leitura incerta, ilegíveis ou fora do âmbito).</numerusform>
        </translation>
    </message>
    <message>
        <source>PROVISIONAL.</source>
        <translation>PROVISÓRIO.</translation>
    </message>
    <message>
        <source>Applying saves this operating point for this model in your settings folder: every later scan, export and report uses it and says so. Settings → Use Model Default Operating Point goes back at any time. The ranking of the worklist does not change.</source>
        <translation>Aplicar guarda este ponto de funcionamento para este modelo na sua pasta de definições: todas as análises, exportações e relatórios seguintes usam-no e indicam-no. Definições → Usar o ponto de funcionamento do modelo permite voltar atrás a qualquer momento. A ordem da lista de trabalho não muda.</translation>
    </message>
    <message>
        <source>Apply to every scan (provisional)</source>
        <translation>Aplicar a todas as análises (provisório)</translation>
    </message>
    <message>
        <source>Apply to every scan</source>
        <translation>Aplicar a todas as análises</translation>
    </message>
</context>
<context>
    <name>ClinicActions</name>
    <message>
        <source>&amp;Receive studies</source>
        <translation>&amp;Receber estudos</translation>
    </message>
    <message>
        <source>Listen for studies sent over DICOM and triage them as they arrive</source>
        <translation>Aguardar estudos enviados por DICOM e triá-los à medida que chegam</translation>
    </message>
    <message>
        <source>&amp;Watch folder…</source>
        <translation>&amp;Vigiar uma pasta…</translation>
    </message>
    <message>
        <source>Triage images as they appear in a folder</source>
        <translation>Triar as imagens à medida que aparecem numa pasta</translation>
    </message>
    <message>
        <source>&amp;Stop watching</source>
        <translation>&amp;Parar de vigiar</translation>
    </message>
    <message>
        <source>&amp;Group by Patient and Study</source>
        <translation>&amp;Agrupar por paciente e estudo</translation>
    </message>
    <message>
        <source>Keep each study&apos;s images together, studies ranked by risk</source>
        <translation>Manter juntas as imagens de cada estudo, estudos ordenados por risco</translation>
    </message>
    <message>
        <source>Reopen &amp;Last Worklist</source>
        <translation>Reabrir a ú&amp;ltima lista de trabalho</translation>
    </message>
    <message>
        <source>Triage again the images of the last session (history)</source>
        <translation>Triar de novo as imagens da última sessão (histórico)</translation>
    </message>
    <message>
        <source>&amp;Network Settings…</source>
        <translation>Definições de &amp;rede…</translation>
    </message>
    <message>
        <source>AE title, port, allowed callers, retention, results</source>
        <translation>Título AE, porta, AE chamadores autorizados, retenção, resultados</translation>
    </message>
    <message>
        <source>&amp;Clinic</source>
        <translation>&amp;Clínica</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Nenhum modelo</translation>
    </message>
    <message>
        <source>Studies cannot be triaged until the model has loaded.</source>
        <translation>Os estudos não podem ser triados enquanto o modelo não estiver carregado.</translation>
    </message>
    <message>
        <source>Cannot receive studies</source>
        <translation>Não é possível receber estudos</translation>
    </message>
    <message>
        <source>Clinic network settings saved to %1</source>
        <translation>Definições de rede da clínica guardadas em %1</translation>
    </message>
    <message>
        <source>Cannot reopen the last worklist</source>
        <translation>Não é possível reabrir a última lista de trabalho</translation>
    </message>
    <message>
        <source>No earlier worklist</source>
        <translation>Nenhuma lista de trabalho anterior</translation>
    </message>
    <message>
        <source>The history holds no earlier session&apos;s results.</source>
        <translation>O histórico não contém resultados de nenhuma sessão anterior.</translation>
    </message>
    <message numerus="yes">
        <source>None of its %n file(s) is still there (the inbox keeps received files for the retention set in Clinic → Network Settings).</source>
        <translation>
            <numerusform>O seu ficheiro (%n) já não existe (a caixa de entrada guarda os ficheiros recebidos durante a retenção definida em Clínica → Definições de rede).</numerusform>
            <numerusform>Nenhum dos seus %n ficheiros ainda existe (a caixa de entrada guarda os ficheiros recebidos durante a retenção definida em Clínica → Definições de rede).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; %n file(s) no longer there</source>
        <translation>
            <numerusform>; %n ficheiro já não existe</numerusform>
            <numerusform>; %n ficheiros já não existem</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Reopening the worklist of %1: %n image(s)</source>
        <translation>
            <numerusform>A reabrir a lista de trabalho de %1: %n imagem</numerusform>
            <numerusform>A reabrir a lista de trabalho de %1: %n imagens</numerusform>
        </translation>
    </message>
    <message>
        <source>Watch a folder for new images</source>
        <translation>Vigiar uma pasta para novas imagens</translation>
    </message>
    <message>
        <source>Cannot watch the folder</source>
        <translation>Não é possível vigiar a pasta</translation>
    </message>
</context>
<context>
    <name>ClinicSettingsDialog</name>
    <message>
        <source>Clinic Network Settings</source>
        <translation>Definições de rede da clínica</translation>
    </message>
    <message>
        <source>This workstation as a DICOM node</source>
        <translation>Este posto de trabalho como nó DICOM</translation>
    </message>
    <message>
        <source>Results (Secondary Capture + Structured Report)</source>
        <translation>Resultados (Secondary Capture + Structured Report DICOM)</translation>
    </message>
    <message>
        <source>AE title</source>
        <translation>Título AE</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Porta</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>Escutar em</translation>
    </message>
    <message>
        <source>Allowed calling AEs</source>
        <translation>AE de chamada autorizados</translation>
    </message>
    <message>
        <source>Keep received files</source>
        <translation>Guardar os ficheiros recebidos</translation>
    </message>
    <message>
        <source>Send results</source>
        <translation>Enviar os resultados</translation>
    </message>
    <message>
        <source>PACS host</source>
        <translation>Anfitrião do PACS</translation>
    </message>
    <message>
        <source>PACS port</source>
        <translation>Porta do PACS</translation>
    </message>
    <message>
        <source>PACS AE title</source>
        <translation>Título AE do PACS</translation>
    </message>
    <message>
        <source>Results folder</source>
        <translation>Pasta dos resultados</translation>
    </message>
    <message>
        <source>Up to 16 characters: letters, digits, spaces; no backslash</source>
        <translation>Até 16 caracteres: letras, algarismos, espaços; sem barra invertida</translation>
    </message>
    <message>
        <source>127.0.0.1: this computer only. 0.0.0.0 (or this workstation&apos;s LAN address): accept studies from the modality or the PACS on the clinic&apos;s network.</source>
        <translation>127.0.0.1: só este computador. 0.0.0.0 (ou o endereço deste posto na rede local): aceitar estudos do equipamento de imagem ou do PACS na rede da clínica.</translation>
    </message>
    <message>
        <source>any calling AE (e.g. MODALITY, ORTHANC)</source>
        <translation>qualquer AE de chamada (p. ex. MODALITY, ORTHANC)</translation>
    </message>
    <message>
        <source>Accept studies only from these calling AE titles, separated by commas</source>
        <translation>Aceitar estudos apenas destes títulos AE de chamada, separados por vírgulas</translation>
    </message>
    <message>
        <source> days</source>
        <translation> dias</translation>
    </message>
    <message>
        <source>until triaged</source>
        <translation>até à triagem</translation>
    </message>
    <message>
        <source>Received files are kept this long in the inbox (in your data folder)</source>
        <translation>Tempo durante o qual os ficheiros recebidos ficam na caixa de entrada (na sua pasta de dados)</translation>
    </message>
    <message>
        <source>Nowhere</source>
        <translation>Nenhum destino</translation>
    </message>
    <message>
        <source>Send to a PACS</source>
        <translation>Enviar para um PACS</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Pasta</translation>
    </message>
    <message>
        <source>host name or IP address</source>
        <translation>nome do anfitrião ou endereço IP</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Saved to %1 (shared with cxr-triage listen and watch).</source>
        <translation>Guardado em %1 (partilhado com cxr-triage listen e watch).</translation>
    </message>
    <message>
        <source>Folder for results</source>
        <translation>Pasta para os resultados</translation>
    </message>
    <message>
        <source>not saved: %1</source>
        <translation>não guardado: %1</translation>
    </message>
</context>
<context>
    <name>DetailsPanel</name>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(pneumonia)</translation>
    </message>
    <message>
        <source>Class breakdown</source>
        <translation>Detalhe por classe</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>Alertas</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>Show heatmap  (H)</source>
        <translation>Mostrar mapa de calor  (H)</translation>
    </message>
    <message>
        <source>Opacity</source>
        <translation>Opacidade</translation>
    </message>
    <message>
        <source>Heatmap opacity</source>
        <translation>Opacidade do mapa de calor</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagem</translation>
    </message>
    <message>
        <source>Your own call on this image, kept for site calibration (Reads menu): P pneumonia, N normal, U unsure, Backspace clears</source>
        <translation>A sua própria leitura desta imagem, guardada para a calibração local (menu Leituras): P pneumonia, N normal, U incerta, Retrocesso apaga</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>A sua leitura: %1</translation>
    </message>
    <message>
        <source>Your read: — (press P, N or U)</source>
        <translation>A sua leitura: — (prima P, N ou U)</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Ponto de funcionamento: %1</translation>
    </message>
    <message>
        <source>No model loaded: images cannot be scored.</source>
        <translation>Nenhum modelo carregado: as imagens não podem ser avaliadas.</translation>
    </message>
    <message>
        <source>No image selected</source>
        <translation>Nenhuma imagem selecionada</translation>
    </message>
    <message>
        <source>Select a row of the worklist to see its details.</source>
        <translation>Selecione uma linha da lista de trabalho para ver os detalhes.</translation>
    </message>
    <message>
        <source>This file could not be scored:</source>
        <translation>Não foi possível avaliar este ficheiro:</translation>
    </message>
    <message>
        <source>At or above the %1 threshold</source>
        <translation>No limiar de %1 ou acima</translation>
    </message>
    <message>
        <source>%1, likely %2</source>
        <translation>%1, provavelmente %2</translation>
    </message>
    <message>
        <source>Below the %1 threshold</source>
        <translation>Abaixo do limiar de %1</translation>
    </message>
    <message>
        <source>Ranked with the others anyway (site setting).</source>
        <translation>Ordenada com as outras mesmo assim (definição do centro).</translation>
    </message>
    <message>
        <source>Not ranked: listed after the images the model was made for.</source>
        <translation>Não ordenada: listada depois das imagens para as quais o modelo foi feito.</translation>
    </message>
    <message>
        <source>Out of scope</source>
        <translation>Fora do âmbito</translation>
    </message>
    <message>
        <source>The model reads frontal chest films of children up to 6 years. It gives no pneumonia score for this image and draws no heatmap.</source>
        <translation>O modelo lê radiografias de tórax frontais de crianças até aos 6 anos. Não dá pontuação de pneumonia para esta imagem nem desenha mapa de calor.</translation>
    </message>
    <message>
        <source>The file is a colour image, maybe a photo of a film or screen.</source>
        <translation>O ficheiro é uma imagem a cores, talvez uma fotografia de uma película ou de um ecrã.</translation>
    </message>
    <message>
        <source>Fewer pixels than the model&apos;s input: fine detail is missing.</source>
        <translation>Menos píxeis do que a entrada do modelo: faltam os pormenores finos.</translation>
    </message>
    <message>
        <source>Unlike the training images: the score may not be reliable.</source>
        <translation>Diferente das imagens de treino: a pontuação pode não ser fiável.</translation>
    </message>
    <message>
        <source>Unusual bit depth for a radiograph.</source>
        <translation>Profundidade de bits invulgar para uma radiografia.</translation>
    </message>
    <message>
        <source>Unusual photometric interpretation (colour model) for a radiograph.</source>
        <translation>Interpretação fotométrica (modelo de cor) invulgar para uma radiografia.</translation>
    </message>
    <message>
        <source>The DICOM holds several frames; the first one was scored and is shown.</source>
        <translation>O DICOM contém várias imagens; a primeira foi avaliada e é a mostrada.</translation>
    </message>
    <message>
        <source>The DICOM header says this is not a chest study.</source>
        <translation>O cabeçalho DICOM indica que não é um estudo do tórax.</translation>
    </message>
    <message>
        <source>Very low contrast: exposure or windowing may be off.</source>
        <translation>Contraste muito baixo: a exposição ou a janela podem estar incorretas.</translation>
    </message>
    <message>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <source>Study date</source>
        <translation>Data do exame</translation>
    </message>
    <message>
        <source>Modality</source>
        <translation>Modalidade</translation>
    </message>
    <message>
        <source>View</source>
        <translation>Incidência</translation>
    </message>
    <message>
        <source>Body part</source>
        <translation>Região anatómica</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 px</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Tamanho</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>Formato</translation>
    </message>
</context>
<context>
    <name>ExportController</name>
    <message>
        <source>CSV</source>
        <extracomment>What an export writes: English in the log and the history, ``tr()`` of it on screen.</extracomment>
        <translation>CSV</translation>
    </message>
    <message>
        <source>De-identified CSV</source>
        <translation>CSV pseudonimizado</translation>
    </message>
    <message>
        <source>PDF report</source>
        <translation>Relatório PDF</translation>
    </message>
    <message>
        <source>De-identified PDF report</source>
        <translation>Relatório PDF pseudonimizado</translation>
    </message>
    <message>
        <source>Overlay</source>
        <translation>Sobreposição</translation>
    </message>
    <message>
        <source>Choose another folder</source>
        <translation>Escolha outra pasta</translation>
    </message>
    <message>
        <source>Please save somewhere else (e.g. Documents).</source>
        <translation>Guarde noutro local (por exemplo, em Documentos).</translation>
    </message>
    <message>
        <source>Export worklist as CSV</source>
        <translation>Exportar a lista de trabalho em CSV</translation>
    </message>
    <message>
        <source>The worklist shows %1 of %2 rows (filter or search).</source>
        <translation>A lista de trabalho mostra %1 de %2 linhas (filtro ou pesquisa).</translation>
    </message>
    <message>
        <source>Export every row, or only the rows shown?</source>
        <translation>Exportar todas as linhas, ou só as linhas mostradas?</translation>
    </message>
    <message>
        <source>All rows (%1)</source>
        <translation>Todas as linhas (%1)</translation>
    </message>
    <message>
        <source>Rows shown (%1)</source>
        <translation>Linhas mostradas (%1)</translation>
    </message>
    <message>
        <source>Export PDF report</source>
        <translation>Exportar o relatório PDF</translation>
    </message>
    <message>
        <source>Export de-identified copy</source>
        <translation>Exportar uma cópia pseudonimizada</translation>
    </message>
    <message>
        <source>PDF report (*.pdf)</source>
        <translation>Relatório PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save overlay as PNG</source>
        <translation>Guardar a sobreposição em PNG</translation>
    </message>
    <message>
        <source>Writing %1…</source>
        <translation>A escrever %1…</translation>
    </message>
    <message>
        <source>%1 saved: %2</source>
        <translation>%1 guardado: %2</translation>
    </message>
    <message>
        <source>%1 not saved</source>
        <translation>%1 não guardado</translation>
    </message>
    <message>
        <source>Nothing to save</source>
        <translation>Nada para guardar</translation>
    </message>
    <message>
        <source>Select a scored image first.</source>
        <translation>Selecione primeiro uma imagem pontuada.</translation>
    </message>
</context>
<context>
    <name>Gui</name>
    <message>
        <source>Unexpected error</source>
        <translation>Erro inesperado</translation>
    </message>
</context>
<context>
    <name>HeatmapLegend</name>
    <message>
        <source>Study view: evidence relative to this image&apos;s own strongest region, so every film shows full colour somewhere whatever its score. Below %1 of that maximum nothing is drawn. Shown unmasked: it includes what the model looked at outside the lungs.</source>
        <translation>Vista de estudo: evidência relativa à região mais forte desta imagem, pelo que cada radiografia mostra cor plena algures, qualquer que seja a pontuação. Abaixo de %1 desse máximo nada é desenhado. Mostrada sem máscara: inclui o que o modelo olhou fora dos pulmões.</translation>
    </message>
    <message>
        <source>Evidence for pneumonia on the model&apos;s fixed scale: full colour is as strong as the evidence in a typical pneumonia film of the training set, so a film the model calls normal shows little or no colour. Below %1 nothing is drawn. Heat is shown only inside the lung fields (each lung&apos;s outline, including the lung behind the heart), never on arms, neck, heart or abdomen.</source>
        <translation>Evidência de pneumonia na escala fixa do modelo: a cor plena equivale à evidência de uma radiografia típica de pneumonia do conjunto de treino, pelo que uma radiografia que o modelo considera normal mostra pouca ou nenhuma cor. Abaixo de %1 nada é desenhado. O calor só aparece dentro dos campos pulmonares (o contorno de cada pulmão, incluindo o pulmão atrás do coração), nunca nos braços, pescoço, coração ou abdómen.</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>fraca</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>forte</translation>
    </message>
    <message>
        <source>per image</source>
        <translation>por imagem</translation>
    </message>
    <message>
        <source>fixed scale</source>
        <translation>escala fixa</translation>
    </message>
</context>
<context>
    <name>ImageView</name>
    <message>
        <source>Open a folder (Ctrl+O) or drop images here to start.</source>
        <translation>Abra uma pasta (Ctrl+O) ou largue imagens aqui para começar.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>System language</source>
        <extracomment>Qt&apos;s own catalogue per language (its standard dialogs and buttons). There is no European Portuguese qtbase: pt uses pt_BR&apos;s, whose button words (OK, Cancelar, Fechar) are the same. The QLocale that formats numbers and dates for each language (pt: European Portuguese).</extracomment>
        <translation>Idioma do sistema</translation>
    </message>
</context>
<context>
    <name>LogPanel</name>
    <message>
        <source>Messages and per-file errors appear here.</source>
        <translation>As mensagens e os erros por ficheiro aparecem aqui.</translation>
    </message>
    <message>
        <source>INFO</source>
        <comment>log level, at most 7 letters</comment>
        <translation>INFO</translation>
    </message>
    <message>
        <source>WARNING</source>
        <comment>log level, at most 7 letters</comment>
        <translation>AVISO</translation>
    </message>
    <message>
        <source>ERROR</source>
        <comment>log level, at most 7 letters</comment>
        <translation>ERRO</translation>
    </message>
    <message>
        <source>An unexpected error occurred: %1</source>
        <translation>Ocorreu um erro inesperado: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Triage worklist</source>
        <translation>Lista de trabalho da triagem</translation>
    </message>
    <message>
        <source>Radiograph</source>
        <translation>Radiografia</translation>
    </message>
    <message>
        <source>Wheel: zoom · drag: pan · right-drag: window/level · double-click: fit</source>
        <translation>Roda: zoom · arrastar: deslocar · arrastar com o botão direito: janela/nível · duplo clique: ajustar</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Registo</translation>
    </message>
</context>
<context>
    <name>NavigationController</name>
    <message>
        <source>Intended use</source>
        <translation>Utilização prevista</translation>
    </message>
    <message>
        <source>1. File → Open Folder (Ctrl+O) and choose a folder of chest X-rays.
2. The worklist lists ranked images by risk, then out of scope, then unreadable files.
3. Move with ↑/↓ (in the list or on the image) or Ctrl+↓ / Ctrl+↑ from anywhere.
4. H toggles the heatmap, I inverts, F fits, R resets window/level.
5. Mark your own read: P pneumonia, N normal, U unsure; Ctrl+Z undoes the last one.
6. Ctrl+F searches; the filter can show only unread rows.
7. Export: Ctrl+E (CSV), Ctrl+P (PDF report).</source>
        <translation>1. Ficheiro → Abrir pasta (Ctrl+O) e escolha uma pasta de radiografias do tórax.
2. A lista de trabalho mostra as imagens ordenadas por risco, depois as fora do âmbito, depois os ficheiros ilegíveis.
3. Desloque-se com ↑/↓ (na lista ou na imagem) ou Ctrl+↓ / Ctrl+↑ a partir de qualquer lugar.
4. H mostra ou oculta o mapa de calor, I inverte, F ajusta, R repõe janela/nível.
5. Marque a sua leitura: P pneumonia, N normal, U incerta; Ctrl+Z anula a última.
6. Ctrl+F pesquisa; o filtro pode mostrar só as linhas por ler.
7. Exportar: Ctrl+E (CSV), Ctrl+P (relatório PDF).</translation>
    </message>
    <message>
        <source>Quick start</source>
        <translation>Início rápido</translation>
    </message>
</context>
<context>
    <name>OverlayBand</name>
    <message>
        <source>weak</source>
        <comment>heatmap scale: little evidence</comment>
        <translation>fraca</translation>
    </message>
    <message>
        <source>strong</source>
        <comment>heatmap scale: much evidence</comment>
        <translation>forte</translation>
    </message>
</context>
<context>
    <name>PreviewController</name>
    <message>
        <source>No image selected.</source>
        <translation>Nenhuma imagem selecionada.</translation>
    </message>
    <message>
        <source>This file could not be scored.</source>
        <translation>Não foi possível pontuar este ficheiro.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>A carregar…</translation>
    </message>
    <message>
        <source>preview (loading full resolution…)</source>
        <translation>pré-visualização (a carregar a resolução completa…)</translation>
    </message>
    <message>
        <source>Cannot display this image: %1</source>
        <translation>Não é possível mostrar esta imagem: %1</translation>
    </message>
</context>
<context>
    <name>ReadsController</name>
    <message>
        <source>Reads not loaded</source>
        <translation>Leituras não carregadas</translation>
    </message>
    <message>
        <source>Your read: %1</source>
        <translation>A sua leitura: %1</translation>
    </message>
    <message>
        <source>Read cleared</source>
        <translation>Leitura apagada</translation>
    </message>
    <message numerus="yes">
        <source>%n read image(s)</source>
        <translation>
            <numerusform>%n imagem lida</numerusform>
            <numerusform>%n imagens lidas</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing to undo.</source>
        <translation>Nada para anular.</translation>
    </message>
    <message>
        <source>Undone: %1 back to %2</source>
        <translation>Anulado: %1 volta a %2</translation>
    </message>
    <message>
        <source>Undone: %1 back to unread</source>
        <translation>Anulado: %1 volta a por ler</translation>
    </message>
    <message>
        <source>Reads not saved</source>
        <translation>Leituras não guardadas</translation>
    </message>
    <message>
        <source>Reads not imported</source>
        <translation>Leituras não importadas</translation>
    </message>
    <message numerus="yes">
        <source>%n read(s) imported from %1</source>
        <translation>
            <numerusform>%n leitura importada de %1</numerusform>
            <numerusform>%n leituras importadas de %1</numerusform>
        </translation>
    </message>
    <message>
        <source>Import reads (CSV: path, call)</source>
        <translation>Importar leituras (CSV: caminho, leitura)</translation>
    </message>
    <message>
        <source>Import reads: a folder with NORMAL/ and PNEUMONIA/</source>
        <translation>Importar leituras: uma pasta com NORMAL/ e PNEUMONIA/</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>No images.</source>
        <translation>Nenhuma imagem.</translation>
    </message>
    <message>
        <source>%1 batch report</source>
        <translation>%1 — relatório do lote</translation>
    </message>
    <message>
        <source>INCOMPLETE WORKLIST (%1).</source>
        <translation>LISTA DE TRABALHO INCOMPLETA (%1).</translation>
    </message>
    <message>
        <source>Operating point: %1.</source>
        <translation>Ponto de funcionamento: %1.</translation>
    </message>
    <message>
        <source>%1 — batch triage report (DE-IDENTIFIED copy)</source>
        <translation>%1 — relatório de triagem do lote (cópia PSEUDONIMIZADA)</translation>
    </message>
    <message>
        <source>%1 — batch triage report</source>
        <translation>%1 — relatório de triagem do lote</translation>
    </message>
    <message>
        <source>Page %1 of %2</source>
        <translation>Página %1 de %2</translation>
    </message>
    <message>
        <source>Batch triage report — de-identified</source>
        <translation>Relatório de triagem do lote — pseudonimizado</translation>
    </message>
    <message>
        <source>Batch triage report</source>
        <translation>Relatório de triagem do lote</translation>
    </message>
    <message>
        <source>INCOMPLETE WORKLIST: %1. Images not scanned are not in this report.</source>
        <translation>LISTA DE TRABALHO INCOMPLETA: %1. As imagens não analisadas não constam deste relatório.</translation>
    </message>
    <message>
        <source>Images are ordered by the model&apos;s estimated probability of pneumonia; every image still needs a qualified reader.</source>
        <translation>As imagens estão ordenadas pela probabilidade de pneumonia estimada pelo modelo; cada imagem continua a precisar de um leitor qualificado.</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>Imagem</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>Mapa de calor</translation>
    </message>
    <message>
        <source>File / patient</source>
        <translation>Ficheiro / paciente</translation>
    </message>
    <message>
        <source>P(pneumonia)</source>
        <translation>P(pneumonia)</translation>
    </message>
    <message>
        <source>Flags / status</source>
        <translation>Alertas / estado</translation>
    </message>
    <message>
        <source>your read: %1</source>
        <translation>a sua leitura: %1</translation>
    </message>
    <message>
        <source>out of scope: not scored</source>
        <translation>fora do âmbito: sem pontuação</translation>
    </message>
    <message>
        <source>likely %1</source>
        <translation>provavelmente %1</translation>
    </message>
    <message>
        <source>Out of scope: %1</source>
        <translation>Fora do âmbito: %1</translation>
    </message>
</context>
<context>
    <name>ScanningController</name>
    <message>
        <source>The model could not be loaded</source>
        <translation>Não foi possível carregar o modelo</translation>
    </message>
    <message>
        <source>The window stays open, but images cannot be scored until a valid model is available (start with --model PATH, or reinstall).</source>
        <translation>A janela fica aberta, mas as imagens não podem ser pontuadas enquanto não houver um modelo válido (inicie com --model CAMINHO, ou reinstale).</translation>
    </message>
    <message>
        <source>Open a folder of chest X-rays</source>
        <translation>Abrir uma pasta de radiografias do tórax</translation>
    </message>
    <message>
        <source>Open chest X-ray images</source>
        <translation>Abrir radiografias do tórax</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>Imagens (%1);;Todos os ficheiros (*)</translation>
    </message>
    <message>
        <source>Clear list</source>
        <translation>Limpar a lista</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>Não é possível abrir</translation>
    </message>
    <message>
        <source>A scan is running: cancel it before opening another.</source>
        <translation>Está a decorrer uma análise: cancele-a antes de abrir outra.</translation>
    </message>
    <message>
        <source>Waiting for the model to load…</source>
        <translation>A aguardar o carregamento do modelo…</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>Nenhum modelo</translation>
    </message>
    <message>
        <source>Images cannot be scored because the model did not load:</source>
        <translation>As imagens não podem ser pontuadas porque o modelo não foi carregado:</translation>
    </message>
    <message>
        <source>unknown reason</source>
        <translation>motivo desconhecido</translation>
    </message>
    <message>
        <source>Scanning…</source>
        <translation>A analisar…</translation>
    </message>
    <message>
        <source>Finding images…</source>
        <translation>A procurar imagens…</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>A cancelar…</translation>
    </message>
    <message>
        <source>Scan stopped</source>
        <translation>Análise interrompida</translation>
    </message>
    <message>
        <source>No images were found there (JPEG, PNG, DICOM).</source>
        <translation>Não foram encontradas imagens nesse local (JPEG, PNG, DICOM).</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Definições</translation>
    </message>
    <message>
        <source>%</source>
        <comment>after the threshold number</comment>
        <translation>%</translation>
    </message>
    <message>
        <source>Reset to model default</source>
        <translation>Repor o limiar do modelo</translation>
    </message>
    <message>
        <source>Pneumonia threshold</source>
        <translation>Limiar de pneumonia</translation>
    </message>
    <message>
        <source>Model default: %1.</source>
        <translation>Limiar do modelo: %1.</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Nenhum modelo está carregado.</translation>
    </message>
    <message>
        <source>Images at or above the threshold are labelled pneumonia. A lower threshold misses fewer cases but raises more false alarms. The ranking of the worklist does not change.</source>
        <translation>As imagens no limiar ou acima dele são marcadas como pneumonia. Um limiar mais baixo deixa escapar menos casos, mas dá mais falsos alarmes. A ordem da lista de trabalho não muda.</translation>
    </message>
    <message>
        <source>Rank out-of-scope images with the others</source>
        <translation>Ordenar as imagens fora do âmbito com as outras</translation>
    </message>
    <message>
        <source>Off (recommended): images the model was not made for — adults, lateral views, other body parts, photos — are listed after the ranked images, without a label.
On: they are ranked and labelled like the others. Every export says so.</source>
        <translation>Desligado (recomendado): as imagens para as quais o modelo não foi feito — adultos, incidências de perfil, outras partes do corpo, fotografias — são listadas depois das imagens ordenadas, sem classificação.
Ligado: são ordenadas e classificadas como as outras. Todas as exportações o indicam.</translation>
    </message>
    <message>
        <source>Scope</source>
        <translation>Âmbito</translation>
    </message>
    <message>
        <source>Light</source>
        <comment>theme</comment>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <comment>theme</comment>
        <translation>Escuro</translation>
    </message>
    <message>
        <source>Theme</source>
        <translation>Tema</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>The whole program changes language at once, the main window included; no restart is needed.</source>
        <translation>Todo o programa muda de idioma de imediato, incluindo a janela principal; não é preciso reiniciar.</translation>
    </message>
</context>
<context>
    <name>SiteController</name>
    <message>
        <source>Site profile not used</source>
        <translation>Perfil do centro não usado</translation>
    </message>
    <message>
        <source>CXR Triage goes on with the model default operating point. Set the file aside (it is renamed, not deleted) to stop this message.</source>
        <translation>O CXR Triage continua com o ponto de funcionamento do modelo. Ponha o ficheiro de parte (é renomeado, não apagado) para deixar de ver esta mensagem.</translation>
    </message>
    <message>
        <source>Set File Aside</source>
        <translation>Pôr o ficheiro de parte</translation>
    </message>
    <message>
        <source>Keep File</source>
        <translation>Manter o ficheiro</translation>
    </message>
    <message>
        <source>Could not set %1 aside: %2</source>
        <translation>Não foi possível pôr %1 de parte: %2</translation>
    </message>
    <message>
        <source>Set aside as %1</source>
        <translation>Posto de parte como %1</translation>
    </message>
    <message>
        <source>Not enough reads</source>
        <translation>Leituras insuficientes</translation>
    </message>
    <message>
        <source>Mark rows with P (pneumonia), N (normal) or U (unsure) while browsing, or import reads (Reads → Import Reads).</source>
        <translation>Marque as linhas com P (pneumonia), N (normal) ou U (incerta) ao percorrer a lista, ou importe leituras (Leituras → Importar leituras).</translation>
    </message>
    <message numerus="yes">
        <source>Calibrating from %n read image(s)…</source>
        <translation>
            <numerusform>A calibrar a partir de %n imagem lida…</numerusform>
            <numerusform>A calibrar a partir de %n imagens lidas…</numerusform>
        </translation>
    </message>
    <message>
        <source>Site profile not saved</source>
        <translation>Perfil do centro não guardado</translation>
    </message>
    <message>
        <source>Operating point: %1</source>
        <translation>Ponto de funcionamento: %1</translation>
    </message>
    <message>
        <source>Use the model default operating point?</source>
        <translation>Usar o ponto de funcionamento do modelo?</translation>
    </message>
    <message>
        <source>This deletes the %1 (%2 pneumonia and %3 normal reads) and uses the model&apos;s own threshold and probabilities. Your reads are kept, so you can calibrate again.</source>
        <translation>Isto apaga o %1 (leituras: %2 pneumonia, %3 normal) e usa o limiar e as probabilidades do próprio modelo. As suas leituras são mantidas, por isso pode calibrar de novo.</translation>
    </message>
    <message>
        <source>Delete Site Profile</source>
        <translation>Apagar o perfil do centro</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Loading model…</source>
        <translation>A carregar o modelo…</translation>
    </message>
    <message>
        <source>model %1</source>
        <comment>the model&apos;s version, shortened</comment>
        <translation>modelo %1</translation>
    </message>
    <message>
        <source>Execution provider: %1</source>
        <translation>Fornecedor de execução: %1</translation>
    </message>
    <message>
        <source>No model: scanning disabled</source>
        <translation>Nenhum modelo: análise desativada</translation>
    </message>
    <message>
        <source>The operating point in use. Settings → Calibrate for This Site fits one from your own reads; Settings → Use Model Default Operating Point goes back.</source>
        <translation>O ponto de funcionamento em uso. Definições → Calibrar para este centro ajusta um a partir das suas leituras; Definições → Usar o ponto de funcionamento do modelo volta ao do modelo.</translation>
    </message>
</context>
<context>
    <name>Worklist</name>
    <message>
        <source>highest risk first</source>
        <translation>maior risco primeiro</translation>
    </message>
    <message>
        <source>lowest risk first</source>
        <translation>menor risco primeiro</translation>
    </message>
    <message>
        <source>Z to A / largest first</source>
        <translation>de Z a A / maior primeiro</translation>
    </message>
    <message>
        <source>A to Z / smallest first</source>
        <translation>de A a Z / menor primeiro</translation>
    </message>
    <message>
        <source>Sorted %1 (▼ / ▲), within each group: ranked images, then out of scope, then unreadable files. Click to reverse.</source>
        <translation>Ordem: %1 (▼ / ▲), dentro de cada grupo: imagens ordenadas, depois fora do âmbito, depois ficheiros ilegíveis. Clique para inverter.</translation>
    </message>
    <message>
        <source>Calibrated probability of pneumonia estimated by the model</source>
        <translation>Probabilidade calibrada de pneumonia estimada pelo modelo</translation>
    </message>
    <message>
        <source>Label at the current operating point (threshold); changes with the threshold.
Images the model was not made for say &apos;out of scope&apos; and the reason, and are listed after the ranked images</source>
        <translation>Classificação no ponto de funcionamento atual (limiar); muda com o limiar.
As imagens para as quais o modelo não foi feito dizem «fora do âmbito» e o motivo, e são listadas depois das imagens ordenadas</translation>
    </message>
    <message>
        <source>Most likely pneumonia type, for images above the threshold</source>
        <translation>Tipo de pneumonia mais provável, para imagens acima do limiar</translation>
    </message>
    <message>
        <source>Quality and out-of-distribution warnings: treat these scores with caution</source>
        <translation>Alertas de qualidade e de imagens atípicas: interprete estas pontuações com cautela</translation>
    </message>
    <message>
        <source>OK, or why the file could not be scored</source>
        <translation>OK, ou porque não foi possível avaliar o ficheiro</translation>
    </message>
    <message>
        <source>Right-click the header to show or hide columns.</source>
        <translation>Clique com o botão direito no cabeçalho para mostrar ou ocultar colunas.</translation>
    </message>
    <message>
        <source>Out of scope: %1. Not ranked and not scored: the model was not made for this image.</source>
        <translation>Fora do âmbito: %1. Não ordenada nem avaliada: o modelo não foi feito para esta imagem.</translation>
    </message>
    <message>
        <source>Treat this score with caution: %1</source>
        <translation>Interprete esta pontuação com cautela: %1</translation>
    </message>
</context>
<context>
    <name>WorklistPanel</name>
    <message>
        <source>Unread</source>
        <translation>Por ler</translation>
    </message>
    <message>
        <source>Which images the worklist shows</source>
        <translation>Que imagens a lista de trabalho mostra</translation>
    </message>
    <message>
        <source>Search file, patient, flag, error…</source>
        <translation>Procurar ficheiro, paciente, alerta, erro…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop the scan (Esc); results so far are kept</source>
        <translation>Parar a análise (Esc); os resultados obtidos são mantidos</translation>
    </message>
    <message>
        <source>Fit columns to width</source>
        <translation>Ajustar as colunas à largura</translation>
    </message>
</context>
</TS>
